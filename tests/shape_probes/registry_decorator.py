# V1 shape: contexts in a registry filled by a decorator
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

REG = {}
def register(name):
    def deco(fn):
        REG[name] = fn
        return fn
    return deco
@register('health')
def make_health():
    return ServerHealthContext(URL, PROTO)
print('OK', REG['health']().is_live())
