# V1 shape: model control and health on self of one class
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Admin:
    def __init__(self, url, protocol):
        self.control = ModelControlContext(url, protocol)
        self.health = ServerHealthContext(url, protocol)

    def reload(self, model):
        self.control.unload(model)
        self.control.load(model)
        return self.health.is_ready()

print("OK", Admin(URL, PROTO).reload("simple"))
