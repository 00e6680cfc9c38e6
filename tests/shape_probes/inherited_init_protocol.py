# V1 shape: a subclass without __init__ built with the protocol its base keeps
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


class Sub(Base):
    pass


print("OK", Sub(URL, PROTO).live(), Base(URL, ProtocolType.from_str(sys.argv[2])).live())
