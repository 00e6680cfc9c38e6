#!/usr/bin/env python
# A factory function builds the context (from the protocol name) and returns
# it; the caller only ever sees the returned object. Sends a batch of two.
import argparse
import sys

import numpy as np
import tensorrtserver.api as trt


def create_context(url, protocol_name, model_name, verbose=False):
    protocol = trt.ProtocolType.from_str(protocol_name)
    return trt.InferContext(url, protocol, model_name, verbose=verbose)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()

    ctx = create_context(FLAGS.url, FLAGS.protocol, "simple", FLAGS.verbose)
    batch0 = [np.arange(16, dtype=np.int32), np.arange(16, dtype=np.int32) * 2]
    batch1 = [np.full(16, 5, dtype=np.int32), np.full(16, -5, dtype=np.int32)]
    try:
        result = ctx.run({'INPUT0': batch0, 'INPUT1': batch1},
                         {'OUTPUT0': trt.InferContext.ResultFormat.RAW,
                          'OUTPUT1': trt.InferContext.ResultFormat.RAW},
                         batch_size=2)
    except trt.InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    ctx.close()
    for b in range(2):
        print("item {}: sum {} diff {}".format(
            b, int(result['OUTPUT0'][b].sum()), int(result['OUTPUT1'][b].sum())))
    if not np.array_equal(result['OUTPUT0'][1], batch0[1] + batch1[1]):
        print("error: wrong result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
