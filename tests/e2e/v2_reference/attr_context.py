#!/usr/bin/env python
# V2 version of v1_programs/attr_context.py (hand-written reference): the
# client kept on self; async over HTTP via InferAsyncRequest.get_result(),
# over gRPC via a (result, error) callback. get_stat() has no V2 client
# equivalent: the server-side statistics stand in for it.
import argparse
import queue
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


class AddSubClient(object):
    def __init__(self, url, protocol, verbose=False):
        self.model_name = "simple"
        self.module = httpclient if protocol == "http" else grpcclient
        self.client = self.module.InferenceServerClient(url, verbose=verbose)
        self.pending = queue.Queue()

    def _request(self, input0, input1):
        inputs = [self.module.InferInput('INPUT0', [1, 16], "INT32"),
                  self.module.InferInput('INPUT1', [1, 16], "INT32")]
        inputs[0].set_data_from_numpy(input0[np.newaxis])
        inputs[1].set_data_from_numpy(input1[np.newaxis])
        outputs = [self.module.InferRequestedOutput('OUTPUT0'), self.module.InferRequestedOutput('OUTPUT1')]
        return inputs, outputs

    def add_sub(self, input0, input1):
        inputs, outputs = self._request(input0, input1)
        result = self.client.infer(self.model_name, inputs, outputs=outputs)
        return result.as_numpy('OUTPUT0')[0], result.as_numpy('OUTPUT1')[0]

    def add_sub_async(self, input0, input1):
        inputs, outputs = self._request(input0, input1)
        if self.module is httpclient:
            result = self.client.async_infer(self.model_name, inputs, outputs=outputs).get_result(timeout=60)
        else:
            self.client.async_infer(self.model_name, inputs, lambda result, error: self.pending.put((result, error)), outputs=outputs)
            result, error = self.pending.get(timeout=60)
            if error is not None:
                raise error
        return result.as_numpy('OUTPUT0')[0], result.as_numpy('OUTPUT1')[0]

    def print_stats(self):
        stats = self.client.get_inference_statistics(self.model_name)
        print(stats)

    def close(self):
        self.client.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--stats', action="store_true", default=False)
    FLAGS = parser.parse_args()

    client = AddSubClient(FLAGS.url, FLAGS.protocol.lower(), FLAGS.verbose)
    input0 = np.arange(16, dtype=np.int32)
    input1 = np.ones(16, dtype=np.int32)
    try:
        output0, output1 = client.add_sub(input0, input1)
        async0, async1 = client.add_sub_async(input0, input1 * 2)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    for i in range(16):
        print("{} + {} = {}".format(input0[i], input1[i], output0[i]))
        print("{} - {} = {}".format(input0[i], input1[i], output1[i]))
    print("async: sum {} diff {}".format(int(async0.sum()), int(async1.sum())))
    if FLAGS.stats:
        client.print_stats()
    client.close()
    if not (np.array_equal(output0, input0 + input1) and np.array_equal(async1, input0 - 2)):
        print("error: wrong result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
