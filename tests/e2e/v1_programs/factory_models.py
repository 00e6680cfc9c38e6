#!/usr/bin/env python
# One factory that opens a context for one of two models, picked by a
# "kind" argument: an integer adder (latest version) or a string adder
# (version 1). Each caller asks for its kind with a literal.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def open_model(url, protocol, kind, verbose=False):
    if kind == "numbers":
        return InferContext(url, protocol, "simple", -1, verbose)
    elif kind == "strings":
        return InferContext(url, protocol, "simple_string", 1, verbose)
    raise ValueError("unknown kind " + kind)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    numbers = open_model(FLAGS.url, protocol, "numbers")
    counts = np.arange(16, dtype=np.int32)
    step = np.full(16, 2, dtype=np.int32)
    reply = numbers.run({'INPUT0': (counts,), 'INPUT1': (step,)},
                        {'OUTPUT0': InferContext.ResultFormat.RAW, 'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
    print("numbers: sum {} diff {}".format(int(reply['OUTPUT0'][0].sum()), int(reply['OUTPUT1'][0].sum())))

    strings = open_model(FLAGS.url, protocol, kind="strings", verbose=FLAGS.verbose)
    words = np.array([str(n) for n in range(16)], dtype=object)
    twos = np.array(["2"] * 16, dtype=object)
    reply = strings.run({'INPUT0': (words,), 'INPUT1': (twos,)},
                        {'OUTPUT0': InferContext.ResultFormat.RAW, 'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
    added = [int(v) for v in reply['OUTPUT0'][0][:3]]
    taken = [int(v) for v in reply['OUTPUT1'][0][:3]]
    print("strings: {} {}".format(added, taken))
    numbers.close()
    strings.close()
    if added != [2, 3, 4] or taken != [-2, -1, 0]:
        print("error: wrong string result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
