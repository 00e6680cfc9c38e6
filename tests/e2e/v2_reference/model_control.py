#!/usr/bin/env python
# V2 version of v1_programs/model_control.py (hand-written reference).
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def smoke_test(client_module, client, model_name):
    """Send one request to the 'simple' add/sub model and check the result."""
    input0 = np.arange(16, dtype=np.int32)
    input1 = np.full(16, 2, dtype=np.int32)
    inputs = [client_module.InferInput('INPUT0', [1, 16], "INT32"),
              client_module.InferInput('INPUT1', [1, 16], "INT32")]
    inputs[0].set_data_from_numpy(input0.reshape(1, 16))
    inputs[1].set_data_from_numpy(input1.reshape(1, 16))
    outputs = [client_module.InferRequestedOutput('OUTPUT0'),
               client_module.InferRequestedOutput('OUTPUT1')]
    result = client.infer(model_name, inputs, model_version='', outputs=outputs)
    if not np.array_equal(result.as_numpy('OUTPUT0')[0], input0 + input1):
        raise ValueError("wrong OUTPUT0 from " + model_name)
    if not np.array_equal(result.as_numpy('OUTPUT1')[0], input0 - input1):
        raise ValueError("wrong OUTPUT1 from " + model_name)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    parser.add_argument('-m', '--model-name', type=str, required=False, default='simple',
                        help='Name of the model to reload. Default is "simple".')
    FLAGS = parser.parse_args()
    client_module = httpclient if FLAGS.protocol.lower() == 'http' else grpcclient
    model_name = FLAGS.model_name

    client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
    try:
        client.unload_model(model_name)
        print("unloaded " + model_name)

        # The model must be gone now.
        try:
            smoke_test(client_module, client, model_name)
        except InferenceServerException:
            print("inference on unloaded model failed as expected")
        else:
            print("FAIL: " + model_name + " still answers after unload")
            sys.exit(1)

        client.load_model(model_name)
        print("loaded " + model_name)
        smoke_test(client_module, client, model_name)
        print("inference after reload OK")
    except InferenceServerException as e:
        print("model control failed: " + str(e))
        sys.exit(1)
    except ValueError as e:
        print("FAIL: " + str(e))
        sys.exit(1)
    finally:
        client.close()

    print("PASS")


if __name__ == '__main__':
    main()
