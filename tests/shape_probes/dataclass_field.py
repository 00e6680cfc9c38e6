# V1 shape: a context kept in a dataclass field.
import sys
import functools
import threading
import queue
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import dataclasses
@dataclasses.dataclass
class Conn:
    health: object
c = Conn(ServerHealthContext(URL, PROTO))
print("OK", c.health.is_live())
