# V1 shape: a subclass replaces the protocol its base keeps
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Base:
    def __init__(self, url, protocol):
        self.url = url
        self.protocol = protocol

    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


class Named(Base):
    def __init__(self, url, name):
        super().__init__(url, None)
        self.protocol = ProtocolType.from_str(name)


print("OK", Base(URL, PROTO).live(), Named(URL, sys.argv[2]).live())
