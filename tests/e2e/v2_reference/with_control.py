#!/usr/bin/env python
# V2 version of v1_programs/with_control.py (hand-written reference): the
# client is a context manager too; load/unload are load_model/unload_model.
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def infer_once(module, url, verbose):
    with module.InferenceServerClient(url, verbose=verbose) as client:
        input0 = np.arange(16, dtype=np.int32)[np.newaxis]
        inputs = [module.InferInput('INPUT0', [1, 16], "INT32"), module.InferInput('INPUT1', [1, 16], "INT32")]
        inputs[0].set_data_from_numpy(input0)
        inputs[1].set_data_from_numpy(input0)
        client.infer("simple", inputs, outputs=[module.InferRequestedOutput('OUTPUT0')])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    module = httpclient if FLAGS.protocol.lower() == "http" else grpcclient
    model_name = "simple"

    with module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose) as client:
        client.unload_model(model_name)
    print("unloaded " + model_name)
    try:
        infer_once(module, FLAGS.url, FLAGS.verbose)
        print("error: inference on an unloaded model succeeded")
        sys.exit(1)
    except InferenceServerException:
        print("inference on unloaded model failed as expected")

    with module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose) as client:
        client.load_model(model_name)
    print("loaded " + model_name)
    try:
        infer_once(module, FLAGS.url, FLAGS.verbose)
    except InferenceServerException as e:
        print("error: inference after reload failed: " + str(e))
        sys.exit(1)
    print("inference after reload OK")
    print("PASS")


if __name__ == '__main__':
    main()
