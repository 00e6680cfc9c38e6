# V1 shape: a class defined inside a function holding a context
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def main():
    class Holder:
        def __init__(self):
            self.h = ServerHealthContext(URL, PROTO)
    print('OK', Holder().h.is_ready())
main()
