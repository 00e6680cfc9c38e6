# V1 shape: a dataclass field whose default_factory builds the context
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import dataclasses
@dataclasses.dataclass
class Conn:
    health: object = dataclasses.field(default_factory=lambda: ServerHealthContext(URL, PROTO))
print("OK", Conn().health.is_live())
