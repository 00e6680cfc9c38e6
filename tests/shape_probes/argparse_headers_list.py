# V1 shape: argparse -H headers given as a list
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import argparse
parser = argparse.ArgumentParser()
parser.add_argument("-u", "--url", type=str, default="localhost:8000")
parser.add_argument("-i", "--protocol", type=str, default="http")
parser.add_argument("-H", dest="http_headers", metavar="HTTP_HEADER", action="append")
FLAGS = parser.parse_args(["-u", sys.argv[1], "-i", sys.argv[2], "-H", "X-Probe:1"])
ctx = InferContext(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), "simple", http_headers=FLAGS.http_headers)
print("OK", int(ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)["OUTPUT0"][0].sum()))
