#!/usr/bin/env python
# The entry point of a small V1 package: it builds a Probe of probes/server.py and
# calls its methods with the protocol chosen here; the methods build the contexts.
import argparse
import sys

from tensorrtserver.api import ProtocolType

from probes.server import Probe


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    probe = Probe(FLAGS.url, FLAGS.verbose)
    live = probe.live(protocol)
    ready = probe.ready(protocol=protocol)
    print("live: {}".format(live))
    print("ready: {}".format(ready))
    if not (live and ready):
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
