#!/usr/bin/env python
"""Send one request to the `simple` model and print the sums and differences.

Written against TensorRT Inference Server 20.02 (client 1.11.0).
"""
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def parse_args():
    parser = argparse.ArgumentParser(description="simple model client")
    parser.add_argument("-u", "--url", default="localhost:8000", help="inference server URL")
    parser.add_argument("-i", "--protocol", default="HTTP", help="HTTP or gRPC")
    parser.add_argument("-v", "--verbose", action="store_true")
    return parser.parse_args()


def main():
    flags = parse_args()
    protocol = ProtocolType.from_str(flags.protocol)

    health = ServerHealthContext(flags.url, protocol, verbose=flags.verbose)
    if not health.is_ready():
        print("server is not ready", file=sys.stderr)
        return 1

    ctx = InferContext(flags.url, protocol, "simple", -1, flags.verbose)
    input0 = np.arange(16, dtype=np.int32)
    input1 = np.ones(16, dtype=np.int32)

    try:
        result = ctx.run(
            {"INPUT0": (input0,), "INPUT1": (input1,)},
            {"OUTPUT0": InferContext.ResultFormat.RAW, "OUTPUT1": InferContext.ResultFormat.RAW},
            1,
        )
    except InferenceServerException as err:
        print("inference failed: " + err.message(), file=sys.stderr)
        return 1

    for i in range(16):
        print("{} + {} = {}".format(input0[i], input1[i], result["OUTPUT0"][0][i]))
        print("{} - {} = {}".format(input0[i], input1[i], result["OUTPUT1"][0][i]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
