# V1 shape: a module global set in one function (`global`) and used in another.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

CTX = None
def setup():
    global CTX
    CTX = ServerHealthContext(URL, PROTO)
def check():
    return CTX.is_live()
setup()
print("OK", check())
