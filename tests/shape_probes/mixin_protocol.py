# V1 shape: a mixin stores the protocol enum another base reads
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Reader:
    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


class Configured:
    def __init__(self, url, name):
        self.url = url
        self.protocol = ProtocolType.from_str(name)
        print("kind", int(self.protocol) in (0, 1, 2))


class Service(Reader, Configured):
    pass


print("OK", Service(URL, sys.argv[2]).live())
