#!/usr/bin/env python
# A list of contexts, each sending one request with async_run; the V1
# callback (ctx, request_id) queues the request id with the index of its
# context, and the results are collected from that context later; in a
# second round each request id is kept in a tuple with its context.
import argparse
import queue
import sys
from functools import partial

import numpy as np
from tensorrtserver.api import *

DONE = queue.Queue()


def on_complete(index, ctx, request_id):
    DONE.put((index, request_id))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    senders = [InferContext(FLAGS.url, protocol, "simple", verbose=FLAGS.verbose) for _ in range(3)]
    for index, ctx in enumerate(senders):
        data = np.full(16, index + 1, dtype=np.int32)
        ctx.async_run(partial(on_complete, index), {'INPUT0': (data,), 'INPUT1': (np.ones(16, dtype=np.int32),)},
                      {'OUTPUT0': InferContext.ResultFormat.RAW, 'OUTPUT1': InferContext.ResultFormat.RAW},
                      batch_size=1)
    lines = {}
    for _ in range(len(senders)):
        index, request_id = DONE.get(timeout=60)
        result = senders[index].get_async_run_results(request_id)
        lines[index] = "request {}: sum {} diff {}".format(
            index, int(result['OUTPUT0'][0].sum()), int(result['OUTPUT1'][0].sum()))
    for index in sorted(lines):
        print(lines[index])

    # a second round: each request id kept with its context in a tuple, collected later
    for index, ctx in enumerate(senders):
        data = np.full(16, 10 * (index + 1), dtype=np.int32)
        ctx.async_run(partial(on_complete, index), {'INPUT0': (data,), 'INPUT1': (data,)},
                      {'OUTPUT0': InferContext.ResultFormat.RAW, 'OUTPUT1': InferContext.ResultFormat.RAW},
                      batch_size=1)
    pending = []
    for _ in range(len(senders)):
        index, request_id = DONE.get(timeout=60)
        ctx = senders[index]
        pending.append((ctx, request_id))
    totals = []
    for ctx, request_id in pending:
        result = ctx.get_async_run_results(request_id)
        totals.append(int(result['OUTPUT0'][0].sum()) + int(result['OUTPUT1'][0].sum()))
    print("second round: {}".format(sorted(totals)))
    for ctx in senders:
        ctx.close()
    print("PASS")


if __name__ == '__main__':
    main()
