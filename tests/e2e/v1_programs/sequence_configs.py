#!/usr/bin/env python
# A sequence checker in the shape of V1 test helpers: the mode string picks
# (url, ProtocolType, streaming) rows appended to a local list, a context is
# built per row for one correlation id, the tensor names are chosen by the
# backend kind, and the sequence flags are or-ed together from a flag string.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


class SequenceChecker:
    def __init__(self, http_url, grpc_url, verbose):
        self.http_url = http_url
        self.grpc_url = grpc_url
        self.verbose = verbose

    def check_sequence(self, backend, model_name, correlation_id, steps, expected, mode,
                       batch_size=1, label="<unnamed>", tensor_shape=(1,)):
        configs = []
        if mode == "http":
            configs.append((self.http_url, ProtocolType.HTTP, False))
        if mode == "grpc":
            configs.append((self.grpc_url, ProtocolType.GRPC, False))
        if mode == "streaming":
            configs.append((self.grpc_url, ProtocolType.GRPC, True))
        if len(configs) != 1:
            raise ValueError("unknown mode " + mode)

        last = None
        for config in configs:
            ctx = InferContext(config[0], config[1], model_name,
                               correlation_id=correlation_id, streaming=config[2],
                               verbose=self.verbose)
            for flag_str, value in steps:
                flags = InferRequestHeader.FLAG_NONE
                if flag_str is not None:
                    if "start" in flag_str:
                        flags = flags | InferRequestHeader.FLAG_SEQUENCE_START
                    if "end" in flag_str:
                        flags = flags | InferRequestHeader.FLAG_SEQUENCE_END

                input_list = list()
                for b in range(batch_size):
                    input_list.append(np.full(tensor_shape, value, dtype=np.int32))

                INPUT = "INPUT__0" if backend.startswith("torch") else "INPUT"
                OUTPUT = "OUTPUT__0" if backend.startswith("torch") else "OUTPUT"
                results = ctx.run({INPUT: input_list}, {OUTPUT: InferContext.ResultFormat.RAW},
                                  batch_size=batch_size, flags=flags)
                if len(results) != 1 or OUTPUT not in results:
                    raise AssertionError("expected only " + OUTPUT)
                last = results[OUTPUT][0][0]
                print("{} {}: {} -> {}".format(label, mode, value, last))
        if last != expected:
            raise AssertionError("{}: expected {}, got {}".format(label, expected, last))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()

    checker = SequenceChecker(FLAGS.http_url, FLAGS.grpc_url, FLAGS.verbose)
    base = 4200 if FLAGS.protocol.lower() == "http" else 4300
    try:
        for offset, mode in enumerate(("http", "grpc", "streaming")):
            checker.check_sequence("python", "simple_sequence", base + offset,
                                   [("start", 3), (None, 4), (None, -2), ("end", 10)], 15, mode,
                                   label="four steps")
            checker.check_sequence("python", "simple_sequence", base + 10 + offset,
                                   [("start,end", 7)], 7, mode, label="single")
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
