# V1 shape: a mixin reads a dict of contexts another base fills
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

class Filler:
    def __init__(self, url, protocol):
        self.by_name = {"simple": InferContext(url, protocol, "simple")}


class Runner:
    def go(self):
        return self.by_name["simple"].run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()


class Both(Filler, Runner):
    pass


class Other:
    def __init__(self):
        self.by_name = {"x": 1}


print("OK", Both(URL, ProtocolType.from_str(sys.argv[2])).go(), Other().by_name)
