#!/usr/bin/env python
# Contexts kept in containers on an object: a list of workers of one model,
# a dict by model name and a queue pool, all built in __init__ from the
# protocol the caller chose, used by the other methods.
import argparse
import queue
import sys

import numpy as np
from tensorrtserver.api import *


class Dispatcher(object):
    def __init__(self, url, protocol, verbose=False):
        self.workers = [InferContext(url, protocol, "simple", verbose=verbose) for _ in range(2)]
        self.by_model = {"simple": InferContext(url, protocol, "simple"),
                         "simple_nobatch": InferContext(url, protocol, "simple_nobatch")}
        self.pool = queue.Queue()
        for _ in range(2):
            self.pool.put(InferContext(url, protocol, "simple"))

    def spread(self):
        for index, ctx in enumerate(self.workers):
            data = np.full(16, index + 1, dtype=np.int32)
            result = ctx.run({'INPUT0': (data,), 'INPUT1': (data,)},
                             {'OUTPUT0': InferContext.ResultFormat.RAW}, batch_size=1)
            print("worker {}: sum {}".format(index, int(result['OUTPUT0'][0].sum())))

    def by_name(self):
        ones = np.ones(16, dtype=np.int32)
        result = self.by_model["simple"].run({'INPUT0': (ones * 3,), 'INPUT1': (ones,)},
                                             {'OUTPUT1': InferContext.ResultFormat.RAW}, batch_size=1)
        print("simple: diff {}".format(int(result['OUTPUT1'][0].sum())))
        values = np.array([1.5, -2.0, 0.5, 4.0], dtype=np.float32)
        result = self.by_model["simple_nobatch"].run({'INPUT0': [values]},
                                                     {'OUTPUT0': InferContext.ResultFormat.RAW}, batch_size=1)
        print("simple_nobatch: {}".format([float(v) for v in result['OUTPUT0'][0]]))

    def pooled(self, rounds):
        for step in range(rounds):
            ctx = self.pool.get()
            data = np.full(16, step, dtype=np.int32)
            result = ctx.run({'INPUT0': (data,), 'INPUT1': (data,)},
                             {'OUTPUT0': InferContext.ResultFormat.RAW}, batch_size=1)
            print("pooled {}: sum {}".format(step, int(result['OUTPUT0'][0].sum())))
            self.pool.put(ctx)

    def close(self):
        for ctx in self.workers:
            ctx.close()
        for ctx in self.by_model.values():
            ctx.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()

    dispatcher = Dispatcher(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), FLAGS.verbose)
    try:
        dispatcher.spread()
        dispatcher.by_name()
        dispatcher.pooled(3)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    dispatcher.close()
    print("PASS")


if __name__ == '__main__':
    main()
