# V1 shape: a class attribute None shadowed by the instance's context
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Runner:
    ctx = None
    def __init__(self):
        self.ctx = InferContext(URL, PROTO, 'simple')
    def go(self):
        if self.ctx is None:
            return None
        return self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
r = Runner().go()
print('OK', int(r['OUTPUT0'][0].sum()))
