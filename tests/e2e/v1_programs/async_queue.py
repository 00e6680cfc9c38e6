#!/usr/bin/env python
# async_run with a plain V1 callback (ctx, request_id): the callback only
# queues the request id; the ids are collected afterwards, in sending order,
# and their results fetched with get_async_run_results.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

try:
    import queue
except ImportError:
    import Queue as queue

completed = queue.Queue()


def on_complete(ctx, request_id):
    completed.put(request_id)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    ctx = InferContext(FLAGS.url, protocol, "simple", -1, FLAGS.verbose)
    request_ids = []
    try:
        for k in range(3):
            input0 = np.full(16, k, dtype=np.int32)
            input1 = np.full(16, 10, dtype=np.int32)
            ctx.async_run(on_complete, {'INPUT0': (input0,), 'INPUT1': (input1,)},
                          {'OUTPUT0': InferContext.ResultFormat.RAW,
                           'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
        for _ in range(3):
            request_ids.append(completed.get(timeout=60))
        sums = []
        for request_id in request_ids:
            result = ctx.get_async_run_results(request_id)
            sums.append((int(result['OUTPUT0'][0].sum()), int(result['OUTPUT1'][0].sum())))
    except InferenceServerException as e:
        print("async inference failed: " + str(e))
        sys.exit(1)
    ctx.close()
    for total, diff in sorted(sums):
        print("sum {} diff {}".format(total, diff))
    print("PASS")


if __name__ == '__main__':
    main()
