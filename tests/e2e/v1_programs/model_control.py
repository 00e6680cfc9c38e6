#!/usr/bin/env python
# Rolling model update helper: unloads a model, verifies that it no longer
# serves requests, loads it again (picking up whatever is now in the model
# store) and checks that it answers correctly. The server must run with
# explicit model control.
#
#   python model_control.py -u localhost:8000 -m simple
import argparse
import sys

import numpy as np
import tensorrtserver.api as trtis


def smoke_test(url, protocol, model_name, verbose=False):
    """Send one request to the 'simple' add/sub model and check the result."""
    ctx = trtis.InferContext(url, protocol, model_name, -1, verbose)
    input0 = np.arange(16, dtype=np.int32)
    input1 = np.full(16, 2, dtype=np.int32)
    result = ctx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                     {'OUTPUT0': trtis.InferContext.ResultFormat.RAW,
                      'OUTPUT1': trtis.InferContext.ResultFormat.RAW},
                     1)
    ctx.close()
    if not np.array_equal(result['OUTPUT0'][0], input0 + input1):
        raise ValueError("wrong OUTPUT0 from " + model_name)
    if not np.array_equal(result['OUTPUT1'][0], input0 - input1):
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
    protocol = trtis.ProtocolType.from_str(FLAGS.protocol)
    model_name = FLAGS.model_name

    ctl = trtis.ModelControlContext(FLAGS.url, protocol, FLAGS.verbose)
    try:
        ctl.unload(model_name)
        print("unloaded " + model_name)

        # The model must be gone now.
        try:
            smoke_test(FLAGS.url, protocol, model_name, FLAGS.verbose)
        except trtis.InferenceServerException:
            print("inference on unloaded model failed as expected")
        else:
            print("FAIL: " + model_name + " still answers after unload")
            sys.exit(1)

        ctl.load(model_name)
        print("loaded " + model_name)
        smoke_test(FLAGS.url, protocol, model_name, FLAGS.verbose)
        print("inference after reload OK")
    except trtis.InferenceServerException as e:
        print("model control failed: " + str(e))
        sys.exit(1)
    except ValueError as e:
        print("FAIL: " + str(e))
        sys.exit(1)
    finally:
        ctl.close()

    print("PASS")


if __name__ == '__main__':
    main()
