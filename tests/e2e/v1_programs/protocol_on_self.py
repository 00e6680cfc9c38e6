#!/usr/bin/env python
# A client class that keeps the ProtocolType it is given on self and builds a
# health context per call and one inference context in __init__ from it; the
# caller chooses the protocol with ProtocolType.from_str() of an argparse
# option.  A second class stores from_str() itself.
import argparse
import sys

import numpy as np
import tensorrtserver.api.server_status_pb2 as server_status
from tensorrtserver.api import *


class Adder:
    def __init__(self, url, protocol, model="simple", verbose=False):
        self.url = url
        self.protocol = protocol
        self.model = model
        self.ctx = InferContext(self.url, self.protocol, self.model, -1, verbose)

    def ready(self):
        health = ServerHealthContext(self.url, self.protocol)
        return health.is_ready() and health.is_live()

    def add_sub(self, a, b):
        res = self.ctx.run({"INPUT0": (a,), "INPUT1": (b,)},
                           {"OUTPUT0": InferContext.ResultFormat.RAW,
                            "OUTPUT1": InferContext.ResultFormat.RAW}, 1)
        return res["OUTPUT0"][0], res["OUTPUT1"][0]


class Probe:
    def __init__(self, url, protocol_name):
        self.url = url
        self.kind = ProtocolType.from_str(protocol_name)

    def model_ready(self, model):
        status = ServerStatusContext(self.url, self.kind, model)
        return status.get_server_status().model_status[model].version_status[1].ready_state == \
            server_status.MODEL_READY


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()

    adder = Adder(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), verbose=FLAGS.verbose)
    print("ready: {}".format(adder.ready()))
    a = np.arange(16, dtype=np.int32)
    b = np.full(16, 3, dtype=np.int32)
    total, diff = adder.add_sub(a, b)
    print("sum: {} diff: {}".format(int(total.sum()), int(diff.sum())))
    print("model ready: {}".format(Probe(FLAGS.url, FLAGS.protocol).model_ready("simple")))
    print("PASS")


if __name__ == '__main__':
    try:
        main()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
