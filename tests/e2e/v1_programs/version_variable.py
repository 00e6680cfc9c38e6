#!/usr/bin/env python
# The model version held in variables: -1 (V1's "latest") as a module
# constant, None from an optional command-line option.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

LATEST = -1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('-m', '--model-version', type=int, required=False, default=None,
                        help='version of simple_nobatch to use (default: latest)')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    model_version = LATEST
    nobatch_version = FLAGS.model_version
    try:
        ctx = InferContext(FLAGS.url, protocol, "simple", model_version, FLAGS.verbose)
        input0 = np.arange(16, dtype=np.int32)
        result = ctx.run({'INPUT0': (input0,), 'INPUT1': (input0,)},
                         {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
        print("simple: sum {}".format(int(result['OUTPUT0'][0].sum())))
        ctx.close()

        ctx = InferContext(FLAGS.url, protocol, "simple_nobatch", model_version=nobatch_version,
                           verbose=FLAGS.verbose)
        result = ctx.run({'INPUT0': [np.array([0.5, 1.0, 1.5, 2.0], dtype=np.float32)]},
                         {'OUTPUT0': InferContext.ResultFormat.RAW}, batch_size=1)
        print("simple_nobatch: {}".format(result['OUTPUT0'][0].tolist()))
        ctx.close()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
