#!/usr/bin/env python
# A test in the shape of V1 sequence batcher tests: a subclass of the helper class
# (another module) creates its regions with the helper's own method and hands the list
# back to the helper's async sequence check, run in a thread; one call passes a copy
# of the list (a list the helper's factory did not return): the helper stays V1.
import argparse
import sys
import threading

from tensorrtserver.api import *

import seqhelp.sequtil as su


class SequenceTest(su.SequenceUtil):
    def __init__(self, url, protocol):
        self.url = url
        self.protocol = protocol
        self.errors = []
        self.use_shm = False

    def run_sequence(self, base, use_shm):
        self.use_shm = use_shm
        mode = "http" if self.protocol == "http" else "streaming"
        if use_shm:
            steps, expected = (("start", 6), ("end", -1)), 5
        else:
            steps, expected = (("start", 3), (None, 4), ("end", 5)), 12
        precreated = self.precreate_regions(self.url, mode, [value for _, value in steps], base)
        if use_shm:
            self.check_async(self.url, mode, "simple_sequence", 6200 + base, steps, expected, list(precreated))
        thread = threading.Thread(target=self.check_async,
                                  args=(self.url, mode, "simple_sequence", 6100 + base, steps, expected,
                                        precreated))
        thread.start()
        thread.join()
        if use_shm:
            self.release_regions(self.url)
        if self.errors:
            raise self.errors[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    flags = parser.parse_args()
    test = SequenceTest(flags.url, flags.protocol.lower())
    base = 0 if flags.protocol.lower() == "http" else 10
    try:
        test.run_sequence(base, False)
        test.run_sequence(base + 1, True)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
