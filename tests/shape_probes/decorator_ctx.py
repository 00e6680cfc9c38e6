# V1 shape: a decorator that hands a context to the function
import sys
import collections
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import functools

def with_health(fn):
    @functools.wraps(fn)
    def wrapper():
        return fn(ServerHealthContext(URL, PROTO))
    return wrapper

@with_health
def report(h):
    return h.is_live()

print("OK", report())
