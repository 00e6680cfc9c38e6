# V1 shape: the protocol kept on self is compared outside the class
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Adder:
    def __init__(self, url, protocol):
        self.url = url
        self.protocol = protocol

    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


adder = Adder(URL, PROTO)
print("OK", adder.live(), adder.protocol == ProtocolType.HTTP)
