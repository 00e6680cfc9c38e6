#!/usr/bin/env python
# async_run callbacks that keep V1's (ctx, request_id) signature and fetch
# the result themselves with get_async_run_results(request_id, True): one
# plain, one bound with functools.partial to a label. The main thread only
# waits for what the callbacks hand over.
import argparse
import functools
import sys
import threading

import numpy as np
from tensorrtserver.api import *

try:
    import queue
except ImportError:
    import Queue as queue

totals = queue.Queue()
lock = threading.Lock()
labelled = {}


def on_reply(ctx, request_id):
    reply = ctx.get_async_run_results(request_id, True)
    totals.put((int(reply['OUTPUT0'][0].sum()), int(reply['OUTPUT1'][0].sum())))


def on_labelled_reply(label, ctx, request_id):
    reply = ctx.get_async_run_results(request_id, True)
    with lock:
        labelled[label] = int(reply['OUTPUT0'][0][0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    adder = InferContext(FLAGS.url, protocol, "simple", verbose=FLAGS.verbose)
    for k in range(3):
        left = np.full(16, k + 1, dtype=np.int32)
        right = np.full(16, 1, dtype=np.int32)
        adder.async_run(on_reply, {'INPUT0': (left,), 'INPUT1': (right,)},
                        {'OUTPUT0': InferContext.ResultFormat.RAW, 'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
    results = sorted(totals.get(timeout=60) for _ in range(3))
    for total, diff in results:
        print("sum {} diff {}".format(total, diff))

    for label in ("first", "second"):
        base = np.arange(16, dtype=np.int32) + (10 if label == "second" else 0)
        adder.async_run(functools.partial(on_labelled_reply, label), {'INPUT0': (base,), 'INPUT1': (base,)},
                        {'OUTPUT0': InferContext.ResultFormat.RAW}, batch_size=1)
    for _ in range(100):
        with lock:
            if len(labelled) == 2:
                break
        threading.Event().wait(0.1)
    print("labelled: first {} second {}".format(labelled.get("first"), labelled.get("second")))
    adder.close()
    if labelled != {"first": 0, "second": 20}:
        print("error: labelled results missing")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
