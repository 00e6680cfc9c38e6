#!/usr/bin/env python
# V2 version of v1_programs/sequence.py (hand-written reference).
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def send(client_module, client, model_name, value, sequence_id, start, end):
    """Send one value of a sequence, return the model's running sum."""
    inp = client_module.InferInput('INPUT', [1, 1], "INT32")
    inp.set_data_from_numpy(np.array([[value]], dtype=np.int32))
    result = client.infer(model_name, [inp],
                          outputs=[client_module.InferRequestedOutput('OUTPUT')],
                          sequence_id=sequence_id, sequence_start=start, sequence_end=end)
    return int(result.as_numpy('OUTPUT')[0][0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    parser.add_argument('-c', '--correlation-id', type=int, required=False, default=1000,
                        help='Base correlation id; the sequences use id+1 and id+2.')
    FLAGS = parser.parse_args()
    client_module = httpclient if FLAGS.protocol.lower() == 'http' else grpcclient

    model_name = "simple_sequence"
    first_id = FLAGS.correlation_id + 1
    second_id = FLAGS.correlation_id + 2
    values = [11, 7, 5, 3, 2, 0, 1]

    try:
        # V2 has no per-context correlation id: the sequence id and the
        # start/end flags go with every request.
        client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)

        expected0 = expected1 = 0
        failed = False
        for step, value in enumerate(values):
            start = step == 0
            end = step == len(values) - 1
            expected0 += value
            expected1 += -value
            result0 = send(client_module, client, model_name, value, first_id, start, end)
            result1 = send(client_module, client, model_name, -value, second_id, start, end)
            print("sequence {} step {}: {} -> {}".format(first_id, step, value, result0))
            print("sequence {} step {}: {} -> {}".format(second_id, step, -value, result1))
            if result0 != expected0 or result1 != expected1:
                print("error: expected {} and {}".format(expected0, expected1))
                failed = True
        client.close()
    except InferenceServerException as e:
        print("sequence inference failed: " + str(e))
        sys.exit(1)

    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
