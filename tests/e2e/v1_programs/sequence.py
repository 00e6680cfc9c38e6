#!/usr/bin/env python
# Drives two interleaved sequences through the stateful "simple_sequence"
# model (running sum per correlation id) and checks the accumulated values.
# The first sequence uses a context bound to its correlation id, the second
# one passes the correlation id with every request.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def send(ctx, value, flags, corr_id=0):
    """Send one value of a sequence, return the model's running sum."""
    result = ctx.run({'INPUT': (np.array([value], dtype=np.int32),)},
                     {'OUTPUT': InferContext.ResultFormat.RAW},
                     batch_size=1, flags=flags, corr_id=corr_id)
    return int(result['OUTPUT'][0][0])


def sequence_flags(step, length):
    if step == 0:
        return InferRequestHeader.FLAG_SEQUENCE_START
    if step == length - 1:
        return InferRequestHeader.FLAG_SEQUENCE_END
    return InferRequestHeader.FLAG_NONE


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
    protocol = ProtocolType.from_str(FLAGS.protocol)

    model_name = "simple_sequence"
    first_id = FLAGS.correlation_id + 1
    second_id = FLAGS.correlation_id + 2
    values = [11, 7, 5, 3, 2, 0, 1]

    try:
        ctx0 = InferContext(FLAGS.url, protocol, model_name, verbose=FLAGS.verbose,
                            correlation_id=first_id)
        ctx1 = InferContext(FLAGS.url, protocol, model_name, verbose=FLAGS.verbose)

        expected0 = expected1 = 0
        failed = False
        for step, value in enumerate(values):
            flags = sequence_flags(step, len(values))
            expected0 += value
            expected1 += -value
            result0 = send(ctx0, value, flags)
            result1 = send(ctx1, -value, flags, corr_id=second_id)
            print("sequence {} step {}: {} -> {}".format(first_id, step, value, result0))
            print("sequence {} step {}: {} -> {}".format(second_id, step, -value, result1))
            if result0 != expected0 or result1 != expected1:
                print("error: expected {} and {}".format(expected0, expected1))
                failed = True
        ctx0.close()
        ctx1.close()
    except InferenceServerException as e:
        print("sequence inference failed: " + str(e))
        sys.exit(1)

    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
