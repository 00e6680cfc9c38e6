# V1 shape: protocol stored through setattr on one class, read by another object
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Holder:
    def __init__(self, url):
        self.url = url

    def live(self):
        return ServerHealthContext(self.url, self.protocol).is_live()


class Other:
    def __init__(self):
        self.protocol = "unused"


h = Holder(URL)
setattr(h, "protocol", PROTO)
print("OK", h.live(), Other().protocol)
