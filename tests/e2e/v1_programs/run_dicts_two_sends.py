#!/usr/bin/env python
# A V1 checker that sends the same pair of vectors from numpy lists or from
# system shared memory, with async_run() in two branches: one asks for the
# sum only, the other for the sum and the difference.  The format of the sum
# output is one variable (RAW, or (RAW, region) when the sum goes into a
# region) that both branches read; the request id comes back through the
# callback and a queue, and get_async_run_results(id, True) takes the dict.
import argparse
import queue
import sys
from functools import partial

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


def on_complete(done, ctx, request_id):
    done.put(request_id)


class PairChecker:
    def __init__(self, url, protocol, verbose):
        self.url = url
        self.protocol = ProtocolType.from_str(protocol)
        self.verbose = verbose

    def check(self, model_name, pairs, with_diff, use_shm):
        ctx = InferContext(self.url, self.protocol, model_name, verbose=self.verbose)
        if use_shm:
            control = SharedMemoryControlContext(self.url, self.protocol, verbose=self.verbose)
            in0_handle = shm.create_shared_memory_region("tsd_in0", "/e2e_tsd_in0", 64)
            in1_handle = shm.create_shared_memory_region("tsd_in1", "/e2e_tsd_in1", 64)
            sum_handle = shm.create_shared_memory_region("tsd_sum", "/e2e_tsd_sum", 64)
            control.register(in0_handle)
            control.register(in1_handle)
            control.register(sum_handle)

        done = queue.Queue()
        for first, step in pairs:
            in0 = np.full((16,), first, dtype=np.int32)
            in1 = np.arange(16, dtype=np.int32) * step
            if use_shm:
                shm.set_shared_memory_region(in0_handle, [in0])
                shm.set_shared_memory_region(in1_handle, [in1])
                in0_info = (in0_handle, [16])
                in1_info = (in1_handle, [16])
                sum_info = (InferContext.ResultFormat.RAW, sum_handle)
            else:
                in0_info = [in0]
                in1_info = [in1]
                sum_info = InferContext.ResultFormat.RAW

            if with_diff:
                ctx.async_run(partial(on_complete, done), {"INPUT0": in0_info, "INPUT1": in1_info},
                              {"OUTPUT0": sum_info, "OUTPUT1": InferContext.ResultFormat.RAW}, batch_size=1)
            else:
                ctx.async_run(partial(on_complete, done), {"INPUT0": in0_info, "INPUT1": in1_info},
                              {"OUTPUT0": sum_info}, batch_size=1)
            results = ctx.get_async_run_results(done.get(), True)

            total = results["OUTPUT0"][0]
            line = "{} {}: sum {}".format("shm" if use_shm else "numpy", len(results), int(total.sum()))
            if with_diff:
                line += " diff {}".format(int(results["OUTPUT1"][0].sum()))
            print(line)

        if use_shm:
            control.unregister(in0_handle)
            control.unregister(in1_handle)
            control.unregister(sum_handle)
            shm.destroy_shared_memory_region(in0_handle)
            shm.destroy_shared_memory_region(in1_handle)
            shm.destroy_shared_memory_region(sum_handle)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()

    checker = PairChecker(FLAGS.url, FLAGS.protocol, FLAGS.verbose)
    try:
        for use_shm in (False, True):
            checker.check("simple", [(1, 1), (2, 3)], False, use_shm)
            checker.check("simple", [(4, 2)], True, use_shm)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
