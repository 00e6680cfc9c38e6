#!/usr/bin/env python
# A subclass of InferContext built with super().__init__(url, protocol,
# model_name, ...), whose methods send requests with self.async_run and
# collect them with self.get_async_run_results; a plain V1 callback
# (ctx, request_id) queues the finished request ids.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

try:
    import queue
except ImportError:
    import Queue as queue

finished = queue.Queue()


def on_finished(ctx, request_id):
    finished.put(request_id)


class AddSubContext(InferContext):
    """Sends add/sub requests of the "simple" model and gathers their sums."""

    def __init__(self, url, protocol, model_name, verbose=False):
        super().__init__(url, protocol, model_name, -1, verbose)
        self.sent = 0

    def submit(self, k):
        input0 = np.full(16, k, dtype=np.int32)
        input1 = np.full(16, 2, dtype=np.int32)
        self.async_run(on_finished, {'INPUT0': (input0,), 'INPUT1': (input1,)},
                       {'OUTPUT0': InferContext.ResultFormat.RAW,
                        'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
        self.sent += 1

    def gather(self):
        sums = []
        for _ in range(self.sent):
            request_id = finished.get(timeout=60)
            result = self.get_async_run_results(request_id)
            sums.append((int(result['OUTPUT0'][0].sum()), int(result['OUTPUT1'][0].sum())))
        return sorted(sums)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    ctx = AddSubContext(FLAGS.url, protocol, "simple", FLAGS.verbose)
    try:
        for k in range(3):
            ctx.submit(k)
        sums = ctx.gather()
    except InferenceServerException as e:
        print("async inference failed: " + str(e))
        sys.exit(1)
    ctx.close()
    for total, diff in sums:
        print("sum {} diff {}".format(total, diff))
    print("PASS")


if __name__ == '__main__':
    main()
