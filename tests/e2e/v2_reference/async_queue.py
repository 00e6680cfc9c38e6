#!/usr/bin/env python
# V2 version of v1_programs/async_queue.py (hand-written reference). V1's
# callback(ctx, request_id) + get_async_run_results(id) become: HTTP,
# async_infer() returning a request whose get_result() waits; gRPC,
# async_infer(..., callback(result, error)).
import argparse
import queue
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

completed = queue.Queue()


def on_complete(result, error):
    completed.put((result, error))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    use_http = FLAGS.protocol.lower() == "http"
    module = httpclient if use_http else grpcclient

    if use_http:
        client = module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose, concurrency=3)
    else:
        client = module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
    requests = []
    try:
        for k in range(3):
            inputs = [module.InferInput('INPUT0', [1, 16], "INT32"), module.InferInput('INPUT1', [1, 16], "INT32")]
            inputs[0].set_data_from_numpy(np.full((1, 16), k, dtype=np.int32))
            inputs[1].set_data_from_numpy(np.full((1, 16), 10, dtype=np.int32))
            outputs = [module.InferRequestedOutput('OUTPUT0'), module.InferRequestedOutput('OUTPUT1')]
            if use_http:
                requests.append(client.async_infer("simple", inputs, outputs=outputs))
            else:
                client.async_infer("simple", inputs, on_complete, outputs=outputs)
        results = []
        if use_http:
            results = [request.get_result(timeout=60) for request in requests]
        else:
            for _ in range(3):
                result, error = completed.get(timeout=60)
                if error is not None:
                    raise error
                results.append(result)
        sums = [(int(r.as_numpy('OUTPUT0')[0].sum()), int(r.as_numpy('OUTPUT1')[0].sum())) for r in results]
    except InferenceServerException as e:
        print("async inference failed: " + str(e))
        sys.exit(1)
    client.close()
    for total, diff in sorted(sums):
        print("sum {} diff {}".format(total, diff))
    print("PASS")


if __name__ == '__main__':
    main()
