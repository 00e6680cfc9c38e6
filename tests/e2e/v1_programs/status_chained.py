#!/usr/bin/env python
# A server status read in the same expression that fetches it: the configuration
# of a model through a context of its own, and the server's readiness and a
# model's first input through an element of a list of contexts.
import argparse
import sys

from tensorrtserver.api import *
import tensorrtserver.api.server_status_pb2 as server_status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        ctx = ServerStatusContext(FLAGS.url, protocol, "simple", FLAGS.verbose)
        batch = ctx.get_server_status().model_status["simple"].config.max_batch_size
        print("max_batch_size: {}".format(batch))
        probes = [ServerStatusContext(FLAGS.url, protocol, verbose=FLAGS.verbose)]
        ready = probes[0].get_server_status().ready_state == server_status.SERVER_READY
        print("server ready: {}".format(ready))
        print("first input: {}".format(probes[0].get_server_status().model_status["simple"].config.input[0].name))
    except InferenceServerException as e:
        print("status failed: " + str(e))
        sys.exit(1)
    ctx.close()
    probes[0].close()
    print("PASS")


if __name__ == '__main__':
    main()
