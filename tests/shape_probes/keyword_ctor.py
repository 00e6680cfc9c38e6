# V1 shape: every constructor argument by keyword
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(url=URL, protocol=PROTO, model_name="simple", model_version=1, verbose=False)
h = ServerHealthContext(url=URL, protocol=PROTO, verbose=False)
print("OK", h.is_live(), int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, batch_size=1)["OUTPUT0"][0].sum()))
