# V1 shape: contexts pulled from a generator by next()
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def contexts():
    while True:
        yield InferContext(URL, PROTO, 'simple')
gen = contexts()
c = next(gen)
r = c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print('OK', int(r['OUTPUT0'][0].sum()))
