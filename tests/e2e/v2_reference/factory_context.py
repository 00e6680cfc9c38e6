#!/usr/bin/env python
# V2 version of v1_programs/factory_context.py (hand-written reference): the
# factory returns a client and the module that goes with it.
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def create_client(url, protocol_name, verbose=False):
    module = httpclient if protocol_name.lower() == "http" else grpcclient
    return module, module.InferenceServerClient(url, verbose=verbose)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()

    module, client = create_client(FLAGS.url, FLAGS.protocol, FLAGS.verbose)
    batch0 = [np.arange(16, dtype=np.int32), np.arange(16, dtype=np.int32) * 2]
    batch1 = [np.full(16, 5, dtype=np.int32), np.full(16, -5, dtype=np.int32)]
    inputs = [module.InferInput('INPUT0', [2, 16], "INT32"), module.InferInput('INPUT1', [2, 16], "INT32")]
    inputs[0].set_data_from_numpy(np.stack(batch0))
    inputs[1].set_data_from_numpy(np.stack(batch1))
    try:
        result = client.infer("simple", inputs, outputs=[module.InferRequestedOutput('OUTPUT0'),
                                                         module.InferRequestedOutput('OUTPUT1')])
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    client.close()
    output0, output1 = result.as_numpy('OUTPUT0'), result.as_numpy('OUTPUT1')
    for b in range(2):
        print("item {}: sum {} diff {}".format(b, int(output0[b].sum()), int(output1[b].sum())))
    if not np.array_equal(output0[1], batch0[1] + batch1[1]):
        print("error: wrong result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
