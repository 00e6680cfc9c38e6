#!/usr/bin/env python
# Factories with several returns: one picks the context's settings in two
# branches (the same model either way, verbose only when asked), another
# returns None early when it has no url. Both are called from main().
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def open_infer(url, protocol, verbose):
    if verbose:
        print("opening an inference context on " + url)
        return InferContext(url, protocol, "simple", verbose=True)
    return InferContext(url, protocol, "simple", verbose=False)


def open_health(url, protocol):
    if not url:
        return None
    return ServerHealthContext(url, protocol)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    health = open_health(FLAGS.url, protocol)
    if health is None:
        print("no server url")
        sys.exit(1)
    print("live: {} ready: {}".format(health.is_live(), health.is_ready()))

    ctx = open_infer(FLAGS.url, protocol, FLAGS.verbose)
    first = np.arange(16, dtype=np.int32)
    second = np.full(16, 3, dtype=np.int32)
    result = ctx.run({'INPUT0': (first,), 'INPUT1': (second,)},
                     {'OUTPUT0': InferContext.ResultFormat.RAW, 'OUTPUT1': InferContext.ResultFormat.RAW},
                     batch_size=1)
    total = int(result['OUTPUT0'][0].sum())
    difference = int(result['OUTPUT1'][0].sum())
    print("sum: {} diff: {}".format(total, difference))
    ctx.close()
    health.close()
    if total != 120 + 48 or difference != 120 - 48:
        print("error: wrong result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
