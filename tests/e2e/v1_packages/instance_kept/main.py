#!/usr/bin/env python
# The entry point of a small V1 package: the Probe of probes/server.py reaches the
# function that calls its methods as a parameter, so the calls are not resolved.
from tensorrtserver.api import ProtocolType

from probes.server import Probe


def report(probe):
    print("live: {}".format(probe.live(ProtocolType.HTTP)))
    print("ready: {}".format(probe.ready(ProtocolType.HTTP)))


if __name__ == '__main__':
    report(Probe("localhost:8000"))
