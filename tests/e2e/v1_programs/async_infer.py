#!/usr/bin/env python
# Fires several batched requests at the "simple" model without waiting for
# each answer, then collects the results as the completion callbacks report
# them.
import argparse
import queue
import sys
from functools import partial

import numpy as np
from tensorrtserver.api import *

NUM_REQUESTS = 4
BATCH_SIZE = 2


def completion_callback(request_index, done, infer_ctx, request_id):
    # Called from the client library's thread once the request completes;
    # just hand the id over, the results are fetched by the main thread.
    done.put((request_index, request_id))


def make_batch(request_index):
    """Inputs of one request: BATCH_SIZE items of 16 INT32 each."""
    input0 = [np.arange(16, dtype=np.int32) * (request_index + 1) + item
              for item in range(BATCH_SIZE)]
    input1 = [np.full(16, request_index - item, dtype=np.int32) for item in range(BATCH_SIZE)]
    return input0, input1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    ctx = InferContext(FLAGS.url, protocol, "simple", -1, FLAGS.verbose)
    done = queue.Queue()
    sent = {}

    try:
        for k in range(NUM_REQUESTS):
            input0, input1 = make_batch(k)
            sent[k] = (input0, input1)
            ctx.async_run(partial(completion_callback, k, done),
                          {'INPUT0': input0, 'INPUT1': input1},
                          {'OUTPUT0': InferContext.ResultFormat.RAW,
                           'OUTPUT1': InferContext.ResultFormat.RAW},
                          batch_size=BATCH_SIZE)

        results = {}
        for _ in range(NUM_REQUESTS):
            request_index, request_id = done.get(timeout=60)
            results[request_index] = ctx.get_async_run_results(request_id)
    except InferenceServerException as e:
        print("async inference failed: " + str(e))
        sys.exit(1)
    except queue.Empty:
        print("timed out waiting for the responses")
        sys.exit(1)

    failed = False
    for k in sorted(results):
        input0, input1 = sent[k]
        for b in range(BATCH_SIZE):
            output0 = results[k]['OUTPUT0'][b]
            output1 = results[k]['OUTPUT1'][b]
            print("request {} item {}: sum {} diff {}".format(
                k, b, int(output0.sum()), int(output1.sum())))
            if not (np.array_equal(output0, input0[b] + input1[b]) and
                    np.array_equal(output1, input0[b] - input1[b])):
                print("error: wrong result for request {} item {}".format(k, b))
                failed = True
    ctx.close()

    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
