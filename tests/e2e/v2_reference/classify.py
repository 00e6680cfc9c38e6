#!/usr/bin/env python
# V2 version of v1_programs/classify.py (hand-written reference).
#
# V1 returned, per batch item, a list of (index, value, label) tuples. V2
# returns a BYTES tensor of shape [batch, k] whose elements are
# b"<value>:<index>:<label>" (b"<value>:<index>" without a label file), with
# the value printed as "%f" (e.g. b"3.000000:5:dog").
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException

# Two "images" worth of scores over the 10 classes of the model.
SCORES = [
    np.array([0.1, 0.5, 0.25, 0.0, -1.0, 3.0, 0.75, 0.0, 0.0, 2.0], dtype=np.float32),
    np.array([4.0, 0.0, 1.5, 2.5, 0.0, 0.0, 0.0, 0.0, 3.5, 0.0], dtype=np.float32),
]
EXPECTED_TOP = [[5, 9, 6], [0, 8, 3]]


def parse_class_entry(entry):
    """b"value:index[:label]" -> (index, value, label) like V1."""
    fields = entry.decode('utf-8').split(':', 2)
    label = fields[2] if len(fields) > 2 else None
    return int(fields[1]), float(fields[0]), label


def classify(url, protocol, topk, verbose=False):
    client_module = httpclient if protocol.lower() == 'http' else grpcclient
    client = client_module.InferenceServerClient(url, verbose=verbose)
    try:
        batch = np.stack(SCORES)
        inp = client_module.InferInput('INPUT0', list(batch.shape), "FP32")
        inp.set_data_from_numpy(batch)
        result = client.infer("classifier", [inp],
                              outputs=[client_module.InferRequestedOutput('OUTPUT0',
                                                                          class_count=topk)])
    finally:
        client.close()
    return [[parse_class_entry(e) for e in item] for item in result.as_numpy('OUTPUT0')]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    parser.add_argument('-c', '--classes', type=int, required=False, default=3,
                        help='Number of class results to report. Default is 3.')
    FLAGS = parser.parse_args()

    try:
        batch_results = classify(FLAGS.url, FLAGS.protocol, FLAGS.classes, FLAGS.verbose)
    except InferenceServerException as e:
        print("classification failed: " + str(e))
        sys.exit(1)

    failed = False
    for b, classes in enumerate(batch_results):
        print("Image {}:".format(b))
        for (idx, value, label) in classes:
            print("    {} ({}) = {:.2f}".format(idx, label, value))
        top = [idx for (idx, _, _) in classes]
        if top != EXPECTED_TOP[b][:FLAGS.classes]:
            print("error: unexpected top classes {}".format(top))
            failed = True

    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
