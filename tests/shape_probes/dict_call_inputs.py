# V1 shape: inputs given with dict(...) and outputs with dict.fromkeys
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctx = InferContext(URL, PROTO, "simple")
r = ctx.run(dict(INPUT0=[X], INPUT1=[X]), dict.fromkeys(["OUTPUT0", "OUTPUT1"], InferContext.ResultFormat.RAW), 1)
print("OK", int(r["OUTPUT0"][0].sum()), int(r["OUTPUT1"][0].sum()))
