#!/usr/bin/env python
# Status contexts kept in containers and read in place: a dict of them on an
# object, read in another method as self.contexts["main"].get_server_status(),
# and a local list read as probes[1].get_server_status().
import argparse
import sys

from tensorrtserver.api import InferenceServerException, ProtocolType, ServerStatusContext, server_status_pb2


class Monitor(object):
    def __init__(self, url, protocol, verbose):
        self.contexts = {"main": ServerStatusContext(url, protocol, "simple", verbose)}

    def report(self):
        status = self.contexts["main"].get_server_status()
        print("server ready: {}".format(status.ready_state == server_status_pb2.SERVER_READY))
        print("max_batch_size: {}".format(status.model_status["simple"].config.max_batch_size))

    def close(self):
        self.contexts["main"].close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    monitor = Monitor(FLAGS.url, protocol, FLAGS.verbose)
    try:
        monitor.report()
        probes = [ServerStatusContext(FLAGS.url, protocol, verbose=FLAGS.verbose) for _ in range(2)]
        status = probes[1].get_server_status()
    except InferenceServerException as e:
        print("status failed: " + str(e))
        sys.exit(1)
    version_ready = status.model_status["simple"].version_status[1].ready_state == server_status_pb2.MODEL_READY
    print("version 1 ready: {}".format(version_ready))
    print("first input: {}".format(status.model_status["simple"].config.input[0].name))
    monitor.close()
    for probe in probes:
        probe.close()
    print("PASS")


if __name__ == '__main__':
    main()
