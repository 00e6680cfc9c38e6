#!/usr/bin/env python
# A subclass of InferContext that adds sequence handling on top of self.run:
# the first value starts the sequence, the last one ends it.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


class SequenceContext(InferContext):
    """An inference context bound to one sequence of the "simple_sequence" model."""

    def __init__(self, url, protocol, correlation_id, verbose=False):
        InferContext.__init__(self, url, protocol, "simple_sequence", -1, verbose,
                              correlation_id)
        self.started = False

    def send(self, value, last=False):
        flags = InferRequestHeader.FLAG_NONE
        if not self.started:
            flags = flags | InferRequestHeader.FLAG_SEQUENCE_START
            self.started = True
        if last:
            flags = flags | InferRequestHeader.FLAG_SEQUENCE_END
        result = self.run({'INPUT': (np.array([value], dtype=np.int32),)},
                          {'OUTPUT': InferContext.ResultFormat.RAW},
                          batch_size=1, flags=flags)
        return int(result['OUTPUT'][0][0])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    values = [4, 6, 10, -3]
    seq = SequenceContext(FLAGS.url, protocol, 2001, FLAGS.verbose)
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
