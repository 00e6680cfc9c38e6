#!/usr/bin/env python
# V2 version of v1_programs/version_variable.py (hand-written reference): the
# version is a string, "" for the latest (V1: -1 or None).
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

LATEST = ""


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('-m', '--model-version', type=int, required=False, default=None)
    FLAGS = parser.parse_args()
    module = httpclient if FLAGS.protocol.lower() == "http" else grpcclient

    nobatch_version = "" if FLAGS.model_version is None else str(FLAGS.model_version)
    try:
        client = module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
        input0 = np.arange(16, dtype=np.int32)[np.newaxis]
        inputs = [module.InferInput('INPUT0', [1, 16], "INT32"), module.InferInput('INPUT1', [1, 16], "INT32")]
        inputs[0].set_data_from_numpy(input0)
        inputs[1].set_data_from_numpy(input0)
        result = client.infer("simple", inputs, model_version=LATEST,
                              outputs=[module.InferRequestedOutput('OUTPUT0')])
        print("simple: sum {}".format(int(result.as_numpy('OUTPUT0')[0].sum())))

        nobatch = module.InferInput('INPUT0', [4], "FP32")
        nobatch.set_data_from_numpy(np.array([0.5, 1.0, 1.5, 2.0], dtype=np.float32))
        result = client.infer("simple_nobatch", [nobatch], model_version=nobatch_version,
                              outputs=[module.InferRequestedOutput('OUTPUT0')])
        print("simple_nobatch: {}".format(result.as_numpy('OUTPUT0').tolist()))
        client.close()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
