# V1 shape: a class alias as a base (Base = Reader; class Svc(Base))
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Reader:
    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


class Store:
    def __init__(self, url):
        self.url = url
        self.protocol = PROTO
        print("enum", self.protocol in (ProtocolType.HTTP, ProtocolType.GRPC))


Base = Reader


class Svc(Base, Store):
    pass


print("OK", Svc(URL).live())
