#!/usr/bin/env python
# V2 version of v1_programs/helper_context.py (hand-written reference): the
# helpers take the client module (instead of a ProtocolType) and a client.
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def server_ready(url, client_module, verbose):
    client = client_module.InferenceServerClient(url, verbose=verbose)
    live = client.is_server_live()
    ready = client.is_server_ready()
    client.close()
    print("live: {}".format(live))
    print("ready: {}".format(ready))
    return live and ready


def add_sub(client, client_module, input0, input1):
    inputs = [client_module.InferInput('INPUT0', [1, 16], "INT32"),
              client_module.InferInput('INPUT1', [1, 16], "INT32")]
    inputs[0].set_data_from_numpy(input0[np.newaxis])
    inputs[1].set_data_from_numpy(input1[np.newaxis])
    result = client.infer("simple", inputs, outputs=[client_module.InferRequestedOutput('OUTPUT0'),
                                                     client_module.InferRequestedOutput('OUTPUT1')])
    return result.as_numpy('OUTPUT0')[0], result.as_numpy('OUTPUT1')[0]


def print_rows(client, client_module, rows):
    for offset in rows:
        input0 = np.arange(16, dtype=np.int32)[offset:offset + 4].repeat(4)
        input1 = np.full(16, offset, dtype=np.int32)
        output0, output1 = add_sub(client, client_module, input0, input1)
        print("row {}: sum {} diff {}".format(offset, int(output0.sum()), int(output1.sum())))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    client_module = httpclient if FLAGS.protocol.lower() == "http" else grpcclient

    try:
        if not server_ready(FLAGS.url, client_module, FLAGS.verbose):
            sys.exit(1)
        client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
        print_rows(client, client_module, [0, 4, 8])
        client.close()
    except InferenceServerException as e:
        print("failed: " + e.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
