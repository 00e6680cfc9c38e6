#!/usr/bin/env python
# A context built once at module level (when the script starts) and used by
# the functions of the module: a request helper, a checker and a shutdown; and
# a module global set up by a function (`global SPARE`) and used by another.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

parser = argparse.ArgumentParser()
parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
FLAGS = parser.parse_args()

INFER_CTX = InferContext(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), "simple", -1, FLAGS.verbose)
PROTOCOL = ProtocolType.from_str(FLAGS.protocol)
SPARE = None


def connect():
    global SPARE
    SPARE = InferContext(FLAGS.url, PROTOCOL, "simple", -1, FLAGS.verbose)


def spare_sum(a):
    result = SPARE.run({'INPUT0': (a,), 'INPUT1': (a,)}, {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
    return int(result['OUTPUT0'][0].sum())


def add_sub(a, b):
    result = INFER_CTX.run({'INPUT0': (a,), 'INPUT1': (b,)},
                           {'OUTPUT0': InferContext.ResultFormat.RAW,
                            'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
    return result['OUTPUT0'][0], result['OUTPUT1'][0]


def check(step):
    a = np.full(16, step, dtype=np.int32)
    b = np.arange(16, dtype=np.int32)
    total, diff = add_sub(a, b)
    if not (total == a + b).all() or not (diff == a - b).all():
        print("wrong answer at step {}".format(step))
        sys.exit(1)
    print("step {}: sum {} diff {}".format(step, int(total.sum()), int(diff.sum())))


def shutdown():
    INFER_CTX.close()
    SPARE.close()


if __name__ == '__main__':
    try:
        for step in range(3):
            check(step)
        connect()
        print("spare: sum {}".format(spare_sum(np.ones(16, dtype=np.int32))))
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    shutdown()
    print("PASS")
