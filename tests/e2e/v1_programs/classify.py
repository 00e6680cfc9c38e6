#!/usr/bin/env python
# Top-k classification with the "classifier" model: the server turns the raw
# score vector into (index, score, label) entries using the model's label file.
import argparse
import sys

import numpy as np
import tensorrtserver.api as trtis

# Two "images" worth of scores over the 10 classes of the model.
SCORES = [
    np.array([0.1, 0.5, 0.25, 0.0, -1.0, 3.0, 0.75, 0.0, 0.0, 2.0], dtype=np.float32),
    np.array([4.0, 0.0, 1.5, 2.5, 0.0, 0.0, 0.0, 0.0, 3.5, 0.0], dtype=np.float32),
]
EXPECTED_TOP = [[5, 9, 6], [0, 8, 3]]


def classify(url, protocol, topk, verbose=False):
    ctx = trtis.InferContext(url, protocol, "classifier", verbose=verbose)
    try:
        result = ctx.run({'INPUT0': SCORES},
                         {'OUTPUT0': (trtis.InferContext.ResultFormat.CLASS, topk)},
                         batch_size=len(SCORES))
    finally:
        ctx.close()
    return result['OUTPUT0']


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
        batch_results = classify(FLAGS.url, trtis.ProtocolType.from_str(FLAGS.protocol),
                                 FLAGS.classes, FLAGS.verbose)
    except trtis.InferenceServerException as e:
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
