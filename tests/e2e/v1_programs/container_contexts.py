#!/usr/bin/env python
# Contexts kept in containers: a list of per-worker contexts, a dict of
# contexts by model name, and a queue used as a small context pool.
import argparse
import queue
import sys

import numpy as np
from tensorrtserver.api import *

RAW = InferContext.ResultFormat.RAW


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    workers = [InferContext(FLAGS.url, protocol, "simple", -1, FLAGS.verbose) for _ in range(2)]
    by_model = {
        "simple": InferContext(FLAGS.url, protocol, "simple", -1, FLAGS.verbose),
        "simple_nobatch": InferContext(FLAGS.url, protocol, "simple_nobatch", -1, FLAGS.verbose),
    }
    pool = queue.Queue()
    for _ in range(2):
        pool.put(InferContext(FLAGS.url, protocol, "simple", -1, FLAGS.verbose))

    ones = np.ones(16, dtype=np.int32)
    try:
        for index, ctx in enumerate(workers):
            values = np.full(16, index + 1, dtype=np.int32)
            result = ctx.run({'INPUT0': (values,), 'INPUT1': (ones,)},
                             {'OUTPUT0': RAW, 'OUTPUT1': RAW}, 1)
            print("worker {}: sum {}".format(index, int(result['OUTPUT0'][0].sum())))

        result = by_model["simple"].run({'INPUT0': (ones * 3,), 'INPUT1': (ones,)},
                                        {'OUTPUT1': RAW}, 1)
        print("simple: diff {}".format(int(result['OUTPUT1'][0].sum())))
        nobatch = by_model["simple_nobatch"].run(
            {'INPUT0': [np.array([1.5, 2.0, -1.0, 0.5], dtype=np.float32)]},
            {'OUTPUT0': RAW}, 1)
        print("simple_nobatch: {}".format(nobatch['OUTPUT0'][0].tolist()))

        for k in range(3):
            ctx = pool.get()
            result = ctx.run({'INPUT0': (ones * k,), 'INPUT1': (ones * k,)},
                             {'OUTPUT0': RAW}, 1)
            print("pooled {}: sum {}".format(k, int(result['OUTPUT0'][0].sum())))
            pool.put(ctx)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)

    for ctx in workers + list(by_model.values()):
        ctx.close()
    while not pool.empty():
        pool.get().close()
    print("PASS")


if __name__ == '__main__':
    main()
