# V1 shape: an `Optional[ServerHealthContext]` class annotation and the context set later.
import sys
import time
from typing import Optional
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Client:
    health: Optional[ServerHealthContext] = None

    def connect(self):
        self.health = ServerHealthContext(URL, PROTO)

    def live(self) -> bool:
        return self.health.is_live()

c = Client(); c.connect()
print("OK", c.live())
