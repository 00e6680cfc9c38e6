# V1 shape: a subclass passing the context to its base's __init__
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Base:
    def __init__(self, ctx):
        self.ctx = ctx
class Runner(Base):
    def __init__(self):
        super().__init__(InferContext(URL, PROTO, 'simple'))
    def go(self):
        return self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
r = Runner().go()
print('OK', int(r['OUTPUT0'][0].sum()))
