#!/usr/bin/env python
# Contexts and the protocol are passed to helper functions: one helper takes
# a ProtocolType and builds a health context itself, another receives a
# ready-made inference context as a parameter.
import argparse
import sys

import numpy as np
from tensorrtserver.api import (InferContext, InferenceServerException, ProtocolType,
                                ServerHealthContext)


def server_ready(url, protocol, verbose):
    """True when the server at `url` answers live and ready."""
    health_ctx = ServerHealthContext(url, protocol, verbose=verbose)
    live = health_ctx.is_live()
    ready = health_ctx.is_ready()
    health_ctx.close()
    print("live: {}".format(live))
    print("ready: {}".format(ready))
    return live and ready


def add_sub(ctx, input0, input1):
    """One request to the "simple" model through the context `ctx`."""
    result = ctx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                     {'OUTPUT0': InferContext.ResultFormat.RAW,
                      'OUTPUT1': InferContext.ResultFormat.RAW},
                     batch_size=1)
    return result['OUTPUT0'][0], result['OUTPUT1'][0]


def print_rows(ctx, rows):
    for offset in rows:
        input0 = np.arange(16, dtype=np.int32)[offset:offset + 4].repeat(4)
        input1 = np.full(16, offset, dtype=np.int32)
        output0, output1 = add_sub(ctx, input0, input1)
        print("row {}: sum {} diff {}".format(offset, int(output0.sum()), int(output1.sum())))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        if not server_ready(FLAGS.url, protocol, FLAGS.verbose):
            sys.exit(1)
        ctx = InferContext(FLAGS.url, protocol, "simple", verbose=FLAGS.verbose)
        print_rows(ctx, [0, 4, 8])
        ctx.close()
    except InferenceServerException as e:
        print("failed: " + e.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
