#!/usr/bin/env python
# Two sequences of the stateful "simple_sequence" model (a running sum per
# correlation id), each on a streaming gRPC context of its own, every request
# sent with async_run() without waiting: the stream keeps each sequence's
# requests in order. The results are collected afterwards from the ids the
# completion callbacks hand over. A third streaming context sends a request
# without the START flag, which the server refuses.
import argparse
import queue
import sys
from functools import partial

import numpy as np
from tensorrtserver.api import *

MODEL = "simple_sequence"


def completed(step, value, done, infer_ctx, request_id):
    # runs on the client's thread: only hand the request id over
    done.put((step, value, request_id))


def sequence_flags(step, length):
    flags = InferRequestHeader.FLAG_NONE
    if step == 0:
        flags = flags | InferRequestHeader.FLAG_SEQUENCE_START
    if step == length - 1:
        flags = flags | InferRequestHeader.FLAG_SEQUENCE_END
    return flags


def main():
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

    up = InferContext(FLAGS.url, ProtocolType.GRPC, MODEL, correlation_id=21, streaming=True,
                      verbose=FLAGS.verbose)
    down = InferContext(FLAGS.url, ProtocolType.GRPC, MODEL, correlation_id=22, streaming=True,
                        verbose=FLAGS.verbose)
    values = [4, 9, 1, 6, 3, 8, 2, 7]
    up_done = queue.Queue()
    down_done = queue.Queue()
    for step, value in enumerate(values):
        flags = sequence_flags(step, len(values))
        up.async_run(partial(completed, step, value, up_done),
                     {'INPUT': [np.array([value], dtype=np.int32)]},
                     {'OUTPUT': InferContext.ResultFormat.RAW},
                     batch_size=1, flags=flags)
        down.async_run(partial(completed, step, -value, down_done),
                       {'INPUT': [np.array([-value], dtype=np.int32)]},
                       {'OUTPUT': InferContext.ResultFormat.RAW},
                       batch_size=1, flags=flags)

    failed = False
    sums = {}
    for step in range(len(values)):
        got_step, value, request_id = up_done.get(timeout=60)
        results = up.get_async_run_results(request_id)
        sums[got_step] = int(results['OUTPUT'][0][0])
    for step in range(len(values)):
        expected = sum(values[:step + 1])
        print("up {} step {}: {}".format(up.correlation_id(), step, sums[step]))
        failed = failed or sums[step] != expected
    for step in range(len(values)):
        got_step, value, request_id = down_done.get(timeout=60)
        results = down.get_async_run_results(request_id)
        sums[got_step] = int(results['OUTPUT'][0][0])
    for step in range(len(values)):
        print("down {} step {}: {}".format(down.correlation_id(), step, sums[step]))
        failed = failed or sums[step] != -sum(values[:step + 1])

    lost = InferContext(FLAGS.url, ProtocolType.GRPC, MODEL, correlation_id=23, streaming=True,
                        verbose=FLAGS.verbose)
    refused = queue.Queue()
    lost.async_run(partial(completed, 0, 5, refused),
                   {'INPUT': [np.array([5], dtype=np.int32)]},
                   {'OUTPUT': InferContext.ResultFormat.RAW},
                   batch_size=1, flags=InferRequestHeader.FLAG_NONE)
    try:
        _, _, request_id = refused.get(timeout=60)
        results = lost.get_async_run_results(request_id)
        print("no-start: accepted, {} output".format(len(results)))
        failed = True
    except InferenceServerException as ex:
        print("no-start refused: {}".format("must specify the START flag" in ex.message()))

    up.close()
    down.close()
    lost.close()
    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
