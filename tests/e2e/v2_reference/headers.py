#!/usr/bin/env python
# V2 version of v1_programs/headers.py (hand-written reference): V2 takes
# headers per call as a dict; None (no -H given) means no headers, and the
# bytes header is decoded once. V1's http_headers only ever went to HTTP; over
# gRPC V2 sends headers as metadata, whose keys must be lower case.
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

CLIENT_HEADERS = {"X-Client-Name": "e2e-headers"}


def header_dict(pairs):
    headers = {}
    for pair in pairs or []:
        if isinstance(pair, bytes):
            pair = pair.decode("utf-8")
        name, value = pair.split(":", 1)
        headers[name] = value
    return headers


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('-H', dest='http_headers', metavar="HTTP_HEADER", required=False, action='append')
    FLAGS = parser.parse_args()
    module = httpclient if FLAGS.protocol.lower() == "http" else grpcclient
    use_http = module is httpclient
    headers = header_dict(FLAGS.http_headers) if use_http else None

    try:
        client = module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
        print("live: {}".format(client.is_server_live(headers=headers)))
        input0 = np.arange(16, dtype=np.int32)
        input1 = np.ones(16, dtype=np.int32)
        inputs = [module.InferInput('INPUT0', [1, 16], "INT32"), module.InferInput('INPUT1', [1, 16], "INT32")]
        inputs[0].set_data_from_numpy(input0[np.newaxis])
        inputs[1].set_data_from_numpy(input1[np.newaxis])
        result = client.infer("simple", inputs, outputs=[module.InferRequestedOutput('OUTPUT0'),
                                                         module.InferRequestedOutput('OUTPUT1')],
                              headers=CLIENT_HEADERS if use_http else None)
        client.close()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    output0, output1 = result.as_numpy('OUTPUT0')[0], result.as_numpy('OUTPUT1')[0]
    for i in range(16):
        print("{} + {} = {}".format(input0[i], input1[i], output0[i]))
        print("{} - {} = {}".format(input0[i], input1[i], output1[i]))
    print("PASS")


if __name__ == '__main__':
    main()
