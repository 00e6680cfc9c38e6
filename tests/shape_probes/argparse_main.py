# V1 shape: if __name__ block with the V1 examples' argparse flags and defaults
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import argparse
if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("-v", "--verbose", action="store_true", default=False)
    parser.add_argument("-u", "--url", type=str, default="localhost:8000")
    parser.add_argument("-i", "--protocol", type=str, default="http")
    parser.add_argument("-x", "--model-version", type=int, default=-1)
    parser.add_argument("-H", dest="http_headers", metavar="HTTP_HEADER", action="append")
    FLAGS = parser.parse_args(["-u", sys.argv[1], "-i", sys.argv[2]])
    protocol = ProtocolType.from_str(FLAGS.protocol)
    ctx = InferContext(FLAGS.url, protocol, "simple", FLAGS.model_version, FLAGS.verbose, http_headers=FLAGS.http_headers)
    r = ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
    print("OK", int(r["OUTPUT0"][0].sum()))
