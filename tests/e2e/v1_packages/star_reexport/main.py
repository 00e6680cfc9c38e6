#!/usr/bin/env python
# Takes the V1 names from shared/common.py, which star-imports the V1 client.
import argparse
import sys

from shared.common import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    health = ServerHealthContext(FLAGS.url, protocol)
    print("live: {}".format(health.is_live()))
    status = ServerStatusContext(FLAGS.url, protocol, MODEL)
    print("status has {}: {}".format(MODEL, MODEL in status.get_server_status().model_status))
    print("PASS")


if __name__ == '__main__':
    main()
