# V1 shape: a dataclass keeps the protocol
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import dataclasses


@dataclasses.dataclass
class Conn:
    url: str
    protocol: object

    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


print("OK", Conn(URL, ProtocolType.from_str(sys.argv[2])).live())
