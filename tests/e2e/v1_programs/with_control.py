#!/usr/bin/env python
# Model control through `with ModelControlContext(...) as ctx:` blocks:
# unload "simple", see inference fail, load it again, see inference work.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def infer_once(url, protocol, verbose):
    with InferContext(url, protocol, "simple", -1, verbose) as ctx:
        input0 = np.arange(16, dtype=np.int32)
        ctx.run({'INPUT0': (input0,), 'INPUT1': (input0,)},
                {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    model_name = "simple"

    with ModelControlContext(FLAGS.url, protocol, FLAGS.verbose) as ctx:
        ctx.unload(model_name)
    print("unloaded " + model_name)
    try:
        infer_once(FLAGS.url, protocol, FLAGS.verbose)
        print("error: inference on an unloaded model succeeded")
        sys.exit(1)
    except InferenceServerException:
        print("inference on unloaded model failed as expected")

    with ModelControlContext(FLAGS.url, protocol, FLAGS.verbose) as ctx:
        ctx.load(model_name)
    print("loaded " + model_name)
    try:
        infer_once(FLAGS.url, protocol, FLAGS.verbose)
    except InferenceServerException as e:
        print("error: inference after reload failed: " + str(e))
        sys.exit(1)
    print("inference after reload OK")
    print("PASS")


if __name__ == '__main__':
    main()
