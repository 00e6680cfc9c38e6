#!/usr/bin/env python
# How often did the "simple" model run? A helper reads the per-version
# counters of the server status (inferences and executions of version 1) and
# the time of the last inference; main sends three one-item requests between
# two reads and checks that both counters grew by three.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def version_counters(url, protocol, model_name, verbose):
    ctx = ServerStatusContext(url, protocol, model_name, verbose)
    status = ctx.get_server_status()
    if len(status.model_status) != 1 or model_name not in status.model_status:
        print("no status for " + model_name)
        sys.exit(1)
    counters = (status.model_status[model_name].version_status[1].model_inference_count,
                status.model_status[model_name].version_status[1].model_execution_count,
                status.model_status[model_name].version_status[1].last_inference_timestamp_milliseconds)
    ctx.close()
    return counters


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        before = version_counters(FLAGS.url, protocol, "simple", FLAGS.verbose)
        infer_ctx = InferContext(FLAGS.url, protocol, "simple", 1, FLAGS.verbose)
        ones = np.ones(16, dtype=np.int32)
        for step in range(3):
            values = np.full(16, step, dtype=np.int32)
            result = infer_ctx.run({'INPUT0': (values,), 'INPUT1': (ones,)},
                                   {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
            print("step {}: first sum {}".format(step, result['OUTPUT0'][0][0]))
        after = version_counters(FLAGS.url, protocol, "simple", FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)

    print("inferences grew by {}".format(after[0] - before[0]))
    print("executions grew by {}".format(after[1] - before[1]))
    print("last inference recorded: {}".format(after[2] > 0))
    if after[0] - before[0] != 3 or after[1] - before[1] != 3:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
