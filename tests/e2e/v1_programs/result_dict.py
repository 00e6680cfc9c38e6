#!/usr/bin/env python
# Treats the result of run() as the dict V1 returned: counts its outputs,
# asks whether an output (named by a variable) is in it, reads it, prints it.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()

    wanted = "OUTPUT1"
    missing = "OUTPUT7"
    try:
        ctx = InferContext(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), "simple", verbose=FLAGS.verbose)
        left = np.arange(16, dtype=np.int32)
        right = np.full(16, 2, dtype=np.int32)
        results = ctx.run({'INPUT0': (left,), 'INPUT1': (right,)},
                          {'OUTPUT0': InferContext.ResultFormat.RAW,
                           'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
        print("outputs: {}".format(len(results)))
        print("{} present: {}".format(wanted, wanted in results))
        print("{} absent: {}".format(missing, missing not in results))
        if 'OUTPUT0' in results:
            print("sum: {}".format(int(results['OUTPUT0'][0].sum())))
        print("diff: {}".format(int(results['OUTPUT1'][0].sum())))
        same = ctx.run({'INPUT0': (right,), 'INPUT1': (right,)},
                       {'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
        print(same)
        ctx.close()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
