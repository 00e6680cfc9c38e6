# V1 shape: options from a parse_args() helper, protocol kept on self
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import argparse


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("protocol")
    return parser.parse_args()


class Adder:
    def __init__(self, url, protocol):
        self.url = url
        self.protocol = protocol

    def add(self):
        ctx = InferContext(self.url, self.protocol, "simple", -1)
        return ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0]


FLAGS = parse_args()
print("OK", Adder(FLAGS.url, ProtocolType.from_str(FLAGS.protocol)).add().sum())
