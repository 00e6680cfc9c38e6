# V1 shape: a context kept in a typing.NamedTuple
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import typing
class Conn(typing.NamedTuple):
    health: object
    name: str
c = Conn(ServerHealthContext(URL, PROTO), "h")
print("OK", c.name, c.health.is_live(), c[0].is_ready())
