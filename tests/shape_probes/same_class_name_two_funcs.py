# V1 shape: one class name in two functions, built with different protocol values
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def one():
    class Conn:
        def __init__(self, url, protocol):
            self.url, self.protocol = url, protocol

        def live(self):
            return ServerHealthContext(self.url, self.protocol).is_live()

    return Conn(URL, ProtocolType.from_str(sys.argv[2])).live()


def two():
    class Conn:
        def __init__(self, url, protocol):
            self.url, self.protocol = url, protocol

        def ready(self):
            print("enum", self.protocol == PROTO)
            return ServerHealthContext(self.url, self.protocol).is_ready()

    return Conn(URL, PROTO).ready()


print("OK", one(), two())
