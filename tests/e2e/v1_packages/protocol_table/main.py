#!/usr/bin/env python
# The protocol comes from a table of another module (net/protocols.py).
import argparse
import sys

from tensorrtserver.api import ServerHealthContext

from net.protocols import PROTOCOLS


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    ctx = ServerHealthContext(FLAGS.url, PROTOCOLS[FLAGS.protocol.lower()])
    print("live: {}".format(ctx.is_live()))
    print("ready: {}".format(ctx.is_ready()))
    if not ctx.is_ready():
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
