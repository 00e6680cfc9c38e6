# V1 shape: a context set through `nonlocal` by a nested function.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def main():
    ctx = None
    def build():
        nonlocal ctx
        ctx = ServerHealthContext(URL, PROTO)
    build()
    print("OK", ctx.is_live())
main()
