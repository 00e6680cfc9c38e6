#!/usr/bin/env python
# Helpers in rows/ that another module hands V1 objects to: a context built here
# goes to rows.infer.add_sub(), a factory of rows/infer.py returns one, and the
# protocol is also printed (a use V2 has no form for), so it stays a ProtocolType.
import argparse
import sys

import numpy as np
from tensorrtserver.api import InferContext, ProtocolType

from rows import health, infer


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    print("protocol: {}".format(protocol))
    print("live: {}".format(health.server_live(FLAGS.url, protocol)))
    ctx = InferContext(FLAGS.url, ProtocolType.HTTP, "simple")
    output0, output1 = infer.add_sub(ctx, np.zeros(16, dtype=np.int32), np.ones(16, dtype=np.int32))
    print("sum {} diff {}".format(int(output0.sum()), int(output1.sum())))
    ctx.close()
    other = infer.make_context(FLAGS.url, ProtocolType.HTTP)
    output0, output1 = infer.add_sub(other, np.ones(16, dtype=np.int32), np.ones(16, dtype=np.int32))
    other.close()
    print("PASS")


if __name__ == '__main__':
    main()
