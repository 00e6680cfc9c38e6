#!/usr/bin/env python
# Sequences whose log lines name the correlation id by asking the context
# for it: one context per sequence, the id given as a literal, as a variable
# computed from the command line, and not given at all (0, no sequence).
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def run_sequence(url, protocol, seq_id, values, verbose):
    """Send values as one sequence on a context bound to seq_id; log the running sums."""
    ctx = InferContext(url, protocol, "simple_sequence", correlation_id=seq_id, verbose=verbose)
    for step, value in enumerate(values):
        flags = InferRequestHeader.FLAG_NONE
        if step == 0:
            flags = flags | InferRequestHeader.FLAG_SEQUENCE_START
        if step == len(values) - 1:
            flags = flags | InferRequestHeader.FLAG_SEQUENCE_END
        result = ctx.run({'INPUT': (np.array([value], dtype=np.int32),)},
                         {'OUTPUT': InferContext.ResultFormat.RAW}, 1, flags)
        print("sequence {}: + {} = {}".format(ctx.correlation_id(), value, int(result['OUTPUT'][0][0])))
    ctx.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('-c', '--correlation-base', type=int, required=False, default=3000)
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        fixed = InferContext(FLAGS.url, protocol, "simple_sequence", correlation_id=2999, verbose=FLAGS.verbose)
        start = fixed.run({'INPUT': (np.array([5], dtype=np.int32),)},
                          {'OUTPUT': InferContext.ResultFormat.RAW}, 1,
                          InferRequestHeader.FLAG_SEQUENCE_START | InferRequestHeader.FLAG_SEQUENCE_END)
        print("sequence {}: single request = {}".format(fixed.correlation_id(), int(start['OUTPUT'][0][0])))
        fixed.close()

        plain = InferContext(FLAGS.url, protocol, "simple", verbose=FLAGS.verbose)
        print("plain context sequence id: {}".format(plain.correlation_id()))
        plain.close()

        run_sequence(FLAGS.url, protocol, FLAGS.correlation_base + 1, [4, 5, 6], FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
