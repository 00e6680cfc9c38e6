#!/usr/bin/env python
# Calls "simple_nobatch", a model without batching support (max_batch_size 0):
# the request carries the full [4] tensor, still passed as a one-element list
# with batch_size 1 as the client API requires.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    FLAGS = parser.parse_args()

    try:
        ctx = InferContext(FLAGS.url, ProtocolType.from_str(FLAGS.protocol),
                           "simple_nobatch", verbose=FLAGS.verbose)
        input0_data = np.array([1.0, 2.5, -3.0, 0.25], dtype=np.float32)
        result = ctx.run({'INPUT0': [input0_data]},
                         {'OUTPUT0': InferContext.ResultFormat.RAW},
                         batch_size=1)
        ctx.close()
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)

    output0_data = result['OUTPUT0'][0]
    print("output shape: {}".format(list(output0_data.shape)))
    for x, y in zip(input0_data, output0_data):
        print("{} * 2 = {}".format(x, y))
    if not np.array_equal(output0_data, input0_data * 2):
        print("error: incorrect result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
