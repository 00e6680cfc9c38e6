# V1 shape: classes defined in functions, one class name in both
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

def first():
    class Client:
        def __init__(self, url, protocol):
            self.url, self.protocol = url, protocol

        def ready(self):
            return ServerHealthContext(self.url, self.protocol).is_ready()

    return Client(URL, PROTO).ready()


def second():
    class Client:
        def __init__(self, url):
            self.url = url
            self.protocol = PROTO

        def run(self):
            ctx = InferContext(self.url, self.protocol, "simple")
            print("proto", self.protocol == PROTO)
            return ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)

    return Client(URL).run()["OUTPUT0"][0].sum()


print("OK", first(), second())
