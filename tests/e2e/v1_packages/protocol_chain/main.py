#!/usr/bin/env python
# The entry point of a small V1 package: the protocol chosen here goes to
# app/checks.py, which names no V1 API and hands it on, unchanged, to the helpers of
# app/health.py that build the contexts.
import argparse
import sys

from tensorrtserver.api import ProtocolType

from app import checks


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    if not checks.server_checks(FLAGS.url, protocol, FLAGS.verbose):
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
