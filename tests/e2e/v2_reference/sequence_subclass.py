#!/usr/bin/env python
# V2 version of v1_programs/sequence_subclass.py (hand-written reference): the
# subclass becomes a class that holds a V2 client and passes the sequence id
# and start/end to each infer().
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


class SequenceClient(object):
    def __init__(self, url, client_module, correlation_id, verbose=False):
        self.module = client_module
        self.client = client_module.InferenceServerClient(url, verbose=verbose)
        self.correlation_id = correlation_id
        self.started = False

    def send(self, value, last=False):
        start = not self.started
        self.started = True
        infer_input = self.module.InferInput('INPUT', [1, 1], "INT32")
        infer_input.set_data_from_numpy(np.array([[value]], dtype=np.int32))
        result = self.client.infer("simple_sequence", [infer_input],
                                   outputs=[self.module.InferRequestedOutput('OUTPUT')],
                                   sequence_id=self.correlation_id, sequence_start=start, sequence_end=last)
        return int(result.as_numpy('OUTPUT')[0][0])

    def close(self):
        self.client.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    module = httpclient if FLAGS.protocol.lower() == "http" else grpcclient

    values = [4, 6, 10, -3]
    seq = SequenceClient(FLAGS.url, module, 2001, FLAGS.verbose)
    try:
        for step, value in enumerate(values):
            total = seq.send(value, last=(step == len(values) - 1))
            print("step {}: {} -> {}".format(step, value, total))
    except InferenceServerException as e:
        print("sequence failed: " + str(e))
        sys.exit(1)
    seq.close()
    if total != sum(values):
        print("error: wrong running sum")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
