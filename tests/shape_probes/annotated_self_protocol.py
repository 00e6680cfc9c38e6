# V1 shape: the protocol kept on self with an annotation
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Client:
    def __init__(self, url, name):
        self.url = url
        self.protocol: ProtocolType = ProtocolType.from_str(name)

    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


print("OK", Client(URL, sys.argv[2]).live())
