#!/usr/bin/env python
# V2 version of v1_programs/simple_infer.py (hand-written reference).
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException, np_to_triton_dtype

FLAGS = None


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    return parser.parse_args()


if __name__ == '__main__':
    FLAGS = parse_args()
    client_module = httpclient if FLAGS.protocol.lower() == 'http' else grpcclient

    model_name = "simple"
    model_version = ''
    batch_size = 1

    try:
        client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
    except InferenceServerException as e:
        print("failed to create context: " + str(e))
        sys.exit(1)

    input0_data = np.arange(start=0, stop=16, dtype=np.int32)
    input1_data = np.ones(shape=16, dtype=np.int32)

    # V1 took a list of per-item arrays plus batch_size; V2 takes one tensor
    # whose first dimension is the batch.
    inputs = [client_module.InferInput('INPUT0', [batch_size, 16],
                                       np_to_triton_dtype(input0_data.dtype)),
              client_module.InferInput('INPUT1', [batch_size, 16],
                                       np_to_triton_dtype(input1_data.dtype))]
    inputs[0].set_data_from_numpy(np.stack([input0_data]))
    inputs[1].set_data_from_numpy(np.stack([input1_data]))
    outputs = [client_module.InferRequestedOutput('OUTPUT0'),
               client_module.InferRequestedOutput('OUTPUT1')]

    result = client.infer(model_name, inputs, model_version=model_version, outputs=outputs)

    output0_data = result.as_numpy('OUTPUT0')[0]
    output1_data = result.as_numpy('OUTPUT1')[0]

    for i in range(16):
        print(str(input0_data[i]) + " + " + str(input1_data[i]) + " = " + str(output0_data[i]))
        print(str(input0_data[i]) + " - " + str(input1_data[i]) + " = " + str(output1_data[i]))
        if (input0_data[i] + input1_data[i]) != output0_data[i]:
            print("error: incorrect sum")
            sys.exit(1)
        if (input0_data[i] - input1_data[i]) != output1_data[i]:
            print("error: incorrect difference")
            sys.exit(1)

    client.close()
    print("PASS")
