# V1 shape: a context in a dict unpacked into a helper's keyword arguments.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def use(health=None, **rest):
    return health.is_live()

options = {"health": ServerHealthContext(URL, PROTO)}
print("OK", use(**options))
