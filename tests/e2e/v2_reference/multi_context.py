#!/usr/bin/env python
# V2 version of v1_programs/multi_context.py (hand-written reference): one
# client does what the four V1 contexts did.
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    use_http = FLAGS.protocol.lower() == "http"
    module = httpclient if use_http else grpcclient
    client = module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)

    try:
        print("server ready: {}".format(client.is_server_ready()))
        client.load_model("simple")
        print("loaded simple")
        config = client.get_model_config("simple")
        max_batch_size = config["max_batch_size"] if use_http else config.config.max_batch_size
        print("simple max_batch_size: {}".format(max_batch_size))
        input0 = np.arange(16, dtype=np.int32)[np.newaxis]
        inputs = [module.InferInput('INPUT0', [1, 16], "INT32"), module.InferInput('INPUT1', [1, 16], "INT32")]
        inputs[0].set_data_from_numpy(input0)
        inputs[1].set_data_from_numpy(input0)
        result = client.infer("simple", inputs, outputs=[module.InferRequestedOutput('OUTPUT0')])
        print("sum: {}".format(int(result.as_numpy('OUTPUT0')[0].sum())))
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    finally:
        client.close()
    print("PASS")


if __name__ == '__main__':
    main()
