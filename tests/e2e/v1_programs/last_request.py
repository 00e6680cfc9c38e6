#!/usr/bin/env python
# After each request, checks which model and version answered it through the
# context's memory of its last request: directly after run(), after run() in
# both branches of an if/else, and from inside a loop over test rounds.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def check_round(url, protocol, model_name, model_version, rounds, verbose):
    """Send `rounds` requests, each followed by a check of the last request."""
    ctx = InferContext(url, protocol, model_name, model_version, verbose=verbose)
    a = np.arange(16, dtype=np.int32)
    for k in range(rounds):
        b = np.full(16, k, dtype=np.int32)
        if k % 2 == 0:
            answer = ctx.run({'INPUT0': (a,), 'INPUT1': (b,)},
                             {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
        else:
            answer = ctx.run({'INPUT0': (b,), 'INPUT1': (a,)},
                             {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
        if ctx.get_last_request_model_name() != model_name:
            print("wrong model name in round {}".format(k))
            sys.exit(1)
        if model_version is not None and model_version > 0:
            if ctx.get_last_request_model_version() != model_version:
                print("wrong model version in round {}".format(k))
                sys.exit(1)
        print("round {}: sum {}".format(k, int(answer['OUTPUT0'][0].sum())))
    ctx.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        ctx = InferContext(FLAGS.url, protocol, "simple", 1, FLAGS.verbose)
        ones = np.ones(16, dtype=np.int32)
        result = ctx.run({'INPUT0': (ones,), 'INPUT1': (ones,)},
                         {'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
        name = ctx.get_last_request_model_name()
        version = ctx.get_last_request_model_version()
        print("answered by {} version {} ({})".format(name, version, type(version).__name__))
        print("diff: {}".format(int(result['OUTPUT1'][0].sum())))
        ctx.close()

        check_round(FLAGS.url, protocol, "simple", 1, 2, FLAGS.verbose)
        check_round(FLAGS.url, protocol, "simple", None, 1, FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
