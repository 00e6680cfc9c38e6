#!/usr/bin/env python
# V2 version of v1_programs/string_infer.py (hand-written reference).
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException, serialize_byte_tensor, serialized_byte_size


def make_string_tensor(values):
    """Turn an integer array into an array of their decimal strings."""
    flat = np.array([str(x) for x in values.reshape(values.size)], dtype=object)
    return flat.reshape(values.shape)


def run(url, protocol, verbose):
    client_module = httpclient if protocol.lower() == 'http' else grpcclient
    client = client_module.InferenceServerClient(url, verbose=verbose)

    in0 = np.arange(start=0, stop=16, dtype=np.int32)
    in1 = np.ones(shape=16, dtype=np.int32)
    input0_data = make_string_tensor(in0)
    input1_data = make_string_tensor(in1)

    # serialize_byte_tensor returns a 0-d object array holding the bytes, so
    # V1's `.size * .itemsize` would give 8: use serialized_byte_size().
    serialized = serialize_byte_tensor(input0_data)
    print("serialized INPUT0: {} bytes".format(serialized_byte_size(serialized)))

    inputs = [client_module.InferInput('INPUT0', [1, 16], "BYTES"),
              client_module.InferInput('INPUT1', [1, 16], "BYTES")]
    inputs[0].set_data_from_numpy(np.stack([input0_data]))
    inputs[1].set_data_from_numpy(np.stack([input1_data]))
    outputs = [client_module.InferRequestedOutput('OUTPUT0'),
               client_module.InferRequestedOutput('OUTPUT1')]
    result = client.infer("simple_string", inputs, outputs=outputs)
    client.close()

    # BYTES outputs come back as numpy object arrays of bytes.
    output0_data = result.as_numpy('OUTPUT0')[0]
    output1_data = result.as_numpy('OUTPUT1')[0]

    ok = True
    for i in range(16):
        print(str(in0[i]) + " + " + str(in1[i]) + " = " + output0_data[i].decode('utf-8'))
        print(str(in0[i]) + " - " + str(in1[i]) + " = " + output1_data[i].decode('utf-8'))
        if in0[i] + in1[i] != int(output0_data[i]):
            print("error: incorrect sum")
            ok = False
        if in0[i] - in1[i] != int(output1_data[i]):
            print("error: incorrect difference")
            ok = False
    return ok


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

    try:
        ok = run(FLAGS.url, FLAGS.protocol, FLAGS.verbose)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    if not ok:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
