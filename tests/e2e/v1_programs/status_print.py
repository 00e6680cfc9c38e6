#!/usr/bin/env python
# The server status printed whole for a person to read (a log line), beside
# a readiness check: V2 has no single answer with all of V1's status in it.
import argparse
import sys

from tensorrtserver.api import ProtocolType, ServerHealthContext, ServerStatusContext


def show_status(url, protocol, model_name, verbose):
    ctx = ServerStatusContext(url, protocol, model_name, verbose)
    status = ctx.get_server_status()
    print(status, file=sys.stderr)


def show_all(url, protocol, verbose):
    ctx = ServerStatusContext(url, protocol, verbose=verbose)
    everything = ctx.get_server_status()
    print(everything, file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    health = ServerHealthContext(FLAGS.url, protocol, FLAGS.verbose)
    print("ready: {}".format(health.is_ready()))
    show_status(FLAGS.url, protocol, "simple", FLAGS.verbose)
    show_all(FLAGS.url, protocol, FLAGS.verbose)
    print("PASS")


if __name__ == '__main__':
    main()
