#!/usr/bin/env python
# The entry point of a small V1 package: the protocol chosen here is passed to a
# helper function of addsub/health.py (module attribute call) and to a class of
# addsub/client.py (from-import), which build their contexts from it.
import argparse
import sys

import numpy as np
from tensorrtserver.api import InferenceServerException, ProtocolType

from addsub import health
from addsub.client import AddSubClient


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    try:
        if not health.server_ready(FLAGS.url, protocol, FLAGS.verbose):
            sys.exit(1)
        client = AddSubClient(FLAGS.url, protocol, FLAGS.verbose)
        for offset in [0, 4, 8]:
            input0 = np.arange(16, dtype=np.int32)[offset:offset + 4].repeat(4)
            input1 = np.full(16, offset, dtype=np.int32)
            output0, output1 = client.add_sub(input0, input1)
            print("row {}: sum {} diff {}".format(offset, int(output0.sum()), int(output1.sum())))
        client.close()
    except InferenceServerException as e:
        print("failed: " + e.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
