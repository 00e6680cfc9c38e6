# V1 shape: `import tensorrtserver.api` beside `from tensorrtserver.api import InferContext`.
import sys
import numpy as np
import tensorrtserver.api
from tensorrtserver.api import InferContext, ProtocolType

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
h = tensorrtserver.api.ServerHealthContext(URL, PROTO)
ctx = InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print("OK", h.is_live(), int(r["OUTPUT0"][0].sum()))
