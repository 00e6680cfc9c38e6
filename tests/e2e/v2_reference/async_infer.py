#!/usr/bin/env python
# V2 version of v1_programs/async_infer.py (hand-written reference).
#
# V1: ctx.async_run(callback, ...) with callback(ctx, request_id), then
# ctx.get_async_run_results(request_id). V2 differs per protocol:
#   HTTP: client.async_infer(...) returns an InferAsyncRequest; .get_result()
#         blocks for the InferResult (concurrency > 1 for parallel requests).
#   gRPC: client.async_infer(model, inputs, callback, ...) with
#         callback(result, error).
import argparse
import queue
import sys
from functools import partial

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

NUM_REQUESTS = 4
BATCH_SIZE = 2


def completion_callback(request_index, done, result, error):
    # gRPC: called from the client library's thread once the request completes.
    done.put((request_index, result, error))


def make_batch(request_index):
    """Inputs of one request: BATCH_SIZE items of 16 INT32 each."""
    input0 = [np.arange(16, dtype=np.int32) * (request_index + 1) + item
              for item in range(BATCH_SIZE)]
    input1 = [np.full(16, request_index - item, dtype=np.int32) for item in range(BATCH_SIZE)]
    return input0, input1


def make_inputs(client_module, input0, input1):
    inputs = [client_module.InferInput('INPUT0', [BATCH_SIZE, 16], "INT32"),
              client_module.InferInput('INPUT1', [BATCH_SIZE, 16], "INT32")]
    inputs[0].set_data_from_numpy(np.stack(input0))
    inputs[1].set_data_from_numpy(np.stack(input1))
    return inputs


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
    use_http = FLAGS.protocol.lower() == 'http'
    client_module = httpclient if use_http else grpcclient

    if use_http:
        client = httpclient.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose,
                                                  concurrency=NUM_REQUESTS)
    else:
        client = grpcclient.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
    done = queue.Queue()
    sent = {}
    pending = {}

    try:
        for k in range(NUM_REQUESTS):
            input0, input1 = make_batch(k)
            sent[k] = (input0, input1)
            inputs = make_inputs(client_module, input0, input1)
            outputs = [client_module.InferRequestedOutput('OUTPUT0'),
                       client_module.InferRequestedOutput('OUTPUT1')]
            if use_http:
                pending[k] = client.async_infer("simple", inputs, outputs=outputs)
            else:
                client.async_infer("simple", inputs, partial(completion_callback, k, done),
                                   outputs=outputs)

        results = {}
        if use_http:
            for k, request in pending.items():
                results[k] = request.get_result(timeout=60)
        else:
            for _ in range(NUM_REQUESTS):
                request_index, result, error = done.get(timeout=60)
                if error is not None:
                    raise error
                results[request_index] = result
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
            output0 = results[k].as_numpy('OUTPUT0')[b]
            output1 = results[k].as_numpy('OUTPUT1')[b]
            print("request {} item {}: sum {} diff {}".format(
                k, b, int(output0.sum()), int(output1.sum())))
            if not (np.array_equal(output0, input0[b] + input1[b]) and
                    np.array_equal(output1, input0[b] - input1[b])):
                print("error: wrong result for request {} item {}".format(k, b))
                failed = True
    client.close()

    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
