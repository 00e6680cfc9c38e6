# V1 shape: a class-level protocol set by a classmethod
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Checker:
    protocol = None

    @classmethod
    def configure(cls, protocol):
        cls.protocol = protocol

    def __init__(self, url):
        self.url = url

    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


Checker.configure(PROTO)
print("OK", Checker(URL).live())
