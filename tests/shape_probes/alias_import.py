# V1 shape: the V1 API through `import tensorrtserver.api as trt`.
import sys
import numpy as np
import tensorrtserver.api as trt
URL, PROTO = sys.argv[1], trt.ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)
ctx = trt.InferContext(URL, PROTO, "simple")
r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": trt.InferContext.ResultFormat.RAW}, 1)
print("OK", int(r["OUTPUT0"][0].sum()))
