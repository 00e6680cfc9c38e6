#!/usr/bin/env python
# V2 version of v1_programs/nobatch_infer.py (hand-written reference).
#
# For a model with max_batch_size 0 there is no batch dimension to add: V1's
# `{'INPUT0': [data]}, batch_size=1` becomes InferInput('INPUT0', [4], ...)
# with `data` unchanged, and V1's result['OUTPUT0'][0] is the whole
# as_numpy('OUTPUT0') (indexing it with [0] would take the first element).
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


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
    client_module = httpclient if FLAGS.protocol.lower() == 'http' else grpcclient

    try:
        client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
        input0_data = np.array([1.0, 2.5, -3.0, 0.25], dtype=np.float32)
        inp = client_module.InferInput('INPUT0', list(input0_data.shape), "FP32")
        inp.set_data_from_numpy(input0_data)
        result = client.infer("simple_nobatch", [inp],
                              outputs=[client_module.InferRequestedOutput('OUTPUT0')])
        client.close()
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)

    output0_data = result.as_numpy('OUTPUT0')
    print("output shape: {}".format(list(output0_data.shape)))
    for x, y in zip(input0_data, output0_data):
        print("{} * 2 = {}".format(x, y))
    if not np.array_equal(output0_data, input0_data * 2):
        print("error: incorrect result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
