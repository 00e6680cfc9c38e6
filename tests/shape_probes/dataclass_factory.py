# V1 shape: a dataclass field built by default_factory
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import dataclasses
@dataclasses.dataclass
class Holder:
    health: object = dataclasses.field(default_factory=lambda: ServerHealthContext(URL, PROTO))
h = Holder()
print('OK', h.health.is_live(), h.health.is_ready())
