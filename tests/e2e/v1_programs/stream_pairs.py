#!/usr/bin/env python
# Several sequences of the stateful "simple_sequence" model (a running sum per
# correlation id), each on a streaming gRPC context of its own kept in a list
# (one correlation id per context, from a base). Contexts are picked from the
# list by index and handed to helpers: one prints the context's correlation
# id and forwards it, with the model name, to the helper that sends every
# step with async_run() before reading any result back by the ids the
# completion callback queues. A sequence sent without START is refused.
import argparse
import queue
import sys
from functools import partial

import numpy as np
from tensorrtserver.api import *

FLAGS = None


def collected(step, done, infer_ctx, request_id):
    done.put((step, request_id))


def send_steps(ctx, model_name, values, first, last):
    done = queue.Queue()
    for step, value in enumerate(values):
        flags = InferRequestHeader.FLAG_NONE
        if first and step == 0:
            flags = flags | InferRequestHeader.FLAG_SEQUENCE_START
        if last and step == len(values) - 1:
            flags = flags | InferRequestHeader.FLAG_SEQUENCE_END
        ctx.async_run(partial(collected, step, done),
                      {'INPUT': [np.array([value], dtype=np.int32)]},
                      {'OUTPUT': InferContext.ResultFormat.RAW},
                      batch_size=1, flags=flags)
    sums = {}
    for _ in values:
        step, request_id = done.get(timeout=60)
        results = ctx.get_async_run_results(request_id)
        sums[step] = int(results['OUTPUT'][0][0])
    return [sums[step] for step in range(len(values))]


def whole_sequence(ctx, model_name, values, name):
    sums = send_steps(ctx, model_name, values, True, True)
    print("{} {}: {}".format(name, ctx.correlation_id(), sums))
    return sums[-1] == sum(values)


def split_sequence(ctx, model_name, values, name):
    half = len(values) // 2
    head = send_steps(ctx, model_name, values[:half], True, False)
    tail = send_steps(ctx, model_name, values[half:], False, True)
    print("{} {}: {} then {}".format(name, ctx.correlation_id(), head, tail))
    return tail[-1] == sum(values)


def no_start(ctx, model_name):
    try:
        send_steps(ctx, model_name, [5], False, False)
        print("no-start {}: accepted".format(ctx.correlation_id()))
        return False
    except InferenceServerException as ex:
        print("no-start {} refused: {}".format(ctx.correlation_id(), "must specify the START flag" in ex.message()))
        return True


def finish(ctx):
    ctx.close()


def worker(url, model_name, first_id, count):
    ctxs = []
    for k in range(count):
        ctxs.append(InferContext(url, ProtocolType.GRPC, model_name,
                                 correlation_id=first_id + k, streaming=True,
                                 verbose=FLAGS.verbose))
    ok = True
    plan = [[3, 1, 4], [1, 5, 9, 2], [6, 5], [3, 5, 8, 9, 7]]
    for idx, values in enumerate(plan):
        ctx = ctxs[idx % count]
        if idx % 2 == 0:
            ok = whole_sequence(ctx, model_name, values, "whole") and ok
        else:
            ok = split_sequence(ctxs[idx % count], model_name, values, "split") and ok
    ok = no_start(ctxs[count - 1], model_name) and ok
    for idx in range(count):
        finish(ctxs[idx])
    return ok


def main():
    global FLAGS
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8001',
                        help='Inference server gRPC URL. Default is localhost:8001.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='grpc',
                        help='Only "grpc": V1 streams exist over gRPC only.')
    FLAGS = parser.parse_args()
    if FLAGS.protocol.lower() != "grpc":
        print("streaming needs gRPC")
        sys.exit(2)
    if not worker(FLAGS.url, "simple_sequence", 31, 3):
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
