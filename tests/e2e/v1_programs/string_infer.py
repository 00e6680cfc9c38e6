#!/usr/bin/env python
# Same add / subtract check as simple_infer.py, but against "simple_string",
# whose tensors are strings holding decimal integers.
import argparse
import sys

import numpy as np
from tensorrtserver.api import (InferContext, InferenceServerException, ProtocolType,
                                serialize_string_tensor)


def make_string_tensor(values):
    """Turn an integer array into an array of their decimal strings."""
    flat = np.array([str(x) for x in values.reshape(values.size)], dtype=object)
    return flat.reshape(values.shape)


def run(url, protocol, verbose):
    ctx = InferContext(url, protocol, "simple_string", verbose=verbose)

    in0 = np.arange(start=0, stop=16, dtype=np.int32)
    in1 = np.ones(shape=16, dtype=np.int32)
    input0_data = make_string_tensor(in0)
    input1_data = make_string_tensor(in1)

    # Log how large the request payload is (4-byte length prefix per string).
    serialized = serialize_string_tensor(input0_data)
    print("serialized INPUT0: {} bytes".format(serialized.size * serialized.itemsize))

    result = ctx.run({'INPUT0': (input0_data,),
                      'INPUT1': (input1_data,)},
                     {'OUTPUT0': InferContext.ResultFormat.RAW,
                      'OUTPUT1': InferContext.ResultFormat.RAW},
                     batch_size=1)
    ctx.close()

    # String outputs come back as numpy object arrays of bytes.
    output0_data = result['OUTPUT0'][0]
    output1_data = result['OUTPUT1'][0]

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
        ok = run(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), FLAGS.verbose)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    if not ok:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
