#!/usr/bin/env python
# Statistics of version 1 of "simple", read from the server status through one
# name for that version: its state, its execution count, the time of its last
# inference and the successful requests of every batch size together. Main
# sends one request of two items and two requests of one item between two
# reads and checks how each figure moved.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *
import tensorrtserver.api.server_status_pb2 as server_status


def version_figures(url, protocol, model_name, verbose):
    ctx = ServerStatusContext(url, protocol, model_name, verbose)
    status = ctx.get_server_status()
    version = status.model_status[model_name].version_status[1]
    ready = version.ready_state == server_status.MODEL_READY
    successes = sum(stats.success.count for stats in version.infer_stats.values())
    figures = (ready, version.model_execution_count, version.last_inference_timestamp_milliseconds, successes)
    ctx.close()
    return figures


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        before = version_figures(FLAGS.url, protocol, "simple", FLAGS.verbose)
        infer_ctx = InferContext(FLAGS.url, protocol, "simple", 1, FLAGS.verbose)
        ones = np.ones(16, dtype=np.int32)
        twos = np.full(16, 2, dtype=np.int32)
        result = infer_ctx.run({'INPUT0': (ones, twos), 'INPUT1': (ones, ones)},
                               {'OUTPUT0': InferContext.ResultFormat.RAW}, 2)
        print("pair: sums {} and {}".format(result['OUTPUT0'][0][0], result['OUTPUT0'][1][0]))
        for step in range(2):
            result = infer_ctx.run({'INPUT0': (np.full(16, step, dtype=np.int32),), 'INPUT1': (ones,)},
                                   {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
            print("single {}: sum {}".format(step, result['OUTPUT0'][0][0]))
        after = version_figures(FLAGS.url, protocol, "simple", FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)

    print("version ready: {}".format(after[0]))
    print("executions grew by {}".format(after[1] - before[1]))
    print("last inference set: {}".format(after[2] > 0 and after[2] >= before[2]))
    print("successful requests grew by {}".format(after[3] - before[3]))
    if not after[0] or after[1] - before[1] != 3 or after[3] - before[3] != 3:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
