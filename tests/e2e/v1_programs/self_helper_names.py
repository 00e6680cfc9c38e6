#!/usr/bin/env python
# A test class in the shape of a V1 payload test: setUp keeps the (protocol,
# url) rows on self, each test method builds an InferContext per row for a
# model named at run time and hands it to a helper method, self._check(ctx, ...),
# whose tensor names are parameters with defaults. Both protocols in each run.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


class PayloadTest:
    def __init__(self, flags):
        self.flags = flags

    def setUp(self):
        self.protocols_ = ((ProtocolType.HTTP, self.flags.http_url),
                           (ProtocolType.GRPC, self.flags.grpc_url))

    def _check(self, ctx, shape, input0='INPUT0', input1='INPUT1', output_name='OUTPUT0'):
        in0 = np.arange(np.prod(shape), dtype=np.int32).reshape(shape)
        in1 = np.full(shape, 3, dtype=np.int32)
        try:
            results = ctx.run({input0: (in0,), input1: (in1,)},
                              {output_name: InferContext.ResultFormat.RAW}, 1)
            out = results[output_name][0]
        except InferenceServerException as ex:
            print("request failed: " + str(ex))
            sys.exit(1)
        print("{}: {}".format(output_name, int(out.sum())))

    def test_sum(self):
        for protocol, url in self.protocols_:
            model_name = self.flags.model
            ctx = InferContext(url, protocol, model_name, None, self.flags.verbose)
            self._check(ctx, (16,))

    def test_diff(self):
        for protocol, url in self.protocols_:
            ctx = InferContext(url, protocol, self.flags.model, -1, self.flags.verbose)
            self._check(ctx, (16,), output_name='OUTPUT1')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('-m', '--model', type=str, required=False, default='simple')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()

    test = PayloadTest(FLAGS)
    test.setUp()
    test.test_sum()
    test.test_diff()
    print("PASS")


if __name__ == '__main__':
    main()
