#!/usr/bin/env python
# attr_context.py with client-side statistics: get_stat() has no V2 client
# equivalent, so the whole context on `self` stays V1 and each use is
# reported (get_stat only on request).
import argparse
import queue
import sys
from functools import partial

import numpy as np
from tensorrtserver.api import *


def _done(results, infer_ctx, request_id):
    results.put(request_id)


class AddSubClient(object):
    """Adds and subtracts two INT32 vectors of 16 with the "simple" model."""

    def __init__(self, url, protocol, verbose=False):
        self.model_name = "simple"
        self.ctx = InferContext(url, protocol, self.model_name, -1, verbose)
        self.pending = queue.Queue()

    def add_sub(self, input0, input1):
        result = self.ctx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                              {'OUTPUT0': InferContext.ResultFormat.RAW,
                               'OUTPUT1': InferContext.ResultFormat.RAW},
                              1)
        return result['OUTPUT0'][0], result['OUTPUT1'][0]

    def add_sub_async(self, input0, input1):
        self.ctx.async_run(partial(_done, self.pending),
                           {'INPUT0': (input0,), 'INPUT1': (input1,)},
                           {'OUTPUT0': InferContext.ResultFormat.RAW,
                            'OUTPUT1': InferContext.ResultFormat.RAW},
                           batch_size=1)
        request_id = self.pending.get(timeout=60)
        result = self.ctx.get_async_run_results(request_id)
        return result['OUTPUT0'][0], result['OUTPUT1'][0]

    def print_stats(self):
        stat = self.ctx.get_stat()
        print("completed requests: {}".format(stat['completed_request_count']))

    def close(self):
        self.ctx.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--stats', action="store_true", default=False,
                        help='print the client-side statistics at the end')
    FLAGS = parser.parse_args()

    client = AddSubClient(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), FLAGS.verbose)
    input0 = np.arange(16, dtype=np.int32)
    input1 = np.ones(16, dtype=np.int32)
    try:
        output0, output1 = client.add_sub(input0, input1)
        async0, async1 = client.add_sub_async(input0, input1 * 2)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    for i in range(16):
        print("{} + {} = {}".format(input0[i], input1[i], output0[i]))
        print("{} - {} = {}".format(input0[i], input1[i], output1[i]))
    print("async: sum {} diff {}".format(int(async0.sum()), int(async1.sum())))
    if FLAGS.stats:
        client.print_stats()
    client.close()
    if not (np.array_equal(output0, input0 + input1) and np.array_equal(async1, input0 - 2)):
        print("error: wrong result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
