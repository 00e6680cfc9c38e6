# V1 shape: a factory function given as a thread's target
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import threading
out = []
def make_and_check():
    out.append(ServerHealthContext(URL, PROTO))
t = threading.Thread(target=make_and_check)
t.start(); t.join()
print('OK', out[0].is_live())
