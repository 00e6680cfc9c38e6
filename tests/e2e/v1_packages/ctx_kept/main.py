#!/usr/bin/env python
# The entry point of a small V1 package whose contexts go to helpers of checks/probes.py
# in ways that cannot convert together: a health context built with HTTP headers (each
# V2 call would have to take them), a status context (it carries a model name), and a
# model-control context read back from a dict.
import argparse

from tensorrtserver.api import ModelControlContext, ProtocolType, ServerHealthContext, ServerStatusContext

from checks import probes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    health_ctx = ServerHealthContext(FLAGS.url, protocol, http_headers=["X-Trace:on"])
    print("ready: {}".format(probes.wait_ready(health_ctx)))

    status_ctx = ServerStatusContext(FLAGS.url, protocol, "simple")
    probes.show_status(status_ctx)

    contexts = {"control": ModelControlContext(FLAGS.url, protocol)}
    probes.reload(contexts["control"], "simple")


if __name__ == '__main__':
    main()
