#!/usr/bin/env python
# A test-style script: the protocol and the url are module globals chosen when
# the script starts (one branch per protocol, as a CI matrix sets them), and
# the methods of a checker class open their own contexts from those globals:
# shared memory control (register, count the regions in the status,
# unregister) and inference with the inputs in shared memory.
import argparse
import os
import sys

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


class RegionChecker:
    def __init__(self, verbose):
        self.verbose = verbose
        self.suffix = str(os.getpid())

    def region_count(self):
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        status = control.get_shared_memory_status()
        return len(status.shared_memory_region)

    def register_twice(self):
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        control.unregister_all()
        first = shm.create_shared_memory_region("probe_a", "/probe_a_" + self.suffix, 64)
        second = shm.create_shared_memory_region("probe_b", "/probe_b_" + self.suffix, 64)
        control.register(first)
        control.register(second)
        status = control.get_shared_memory_status()
        print("registered: {}".format(len(status.shared_memory_region)))
        control.unregister(first)
        print("after one unregister: {}".format(self.region_count()))
        control.unregister(second)
        shm.destroy_shared_memory_region(first)
        shm.destroy_shared_memory_region(second)

    def add_in_shm(self, a, b):
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        byte_size = a.size * a.itemsize
        in0 = shm.create_shared_memory_region("sum_in0", "/sum_in0_" + self.suffix, byte_size)
        in1 = shm.create_shared_memory_region("sum_in1", "/sum_in1_" + self.suffix, byte_size)
        shm.set_shared_memory_region(in0, [a])
        shm.set_shared_memory_region(in1, [b])
        control.register(in0)
        control.register(in1)
        infer_ctx = InferContext(_url, _protocol, "simple", -1, self.verbose)
        results = infer_ctx.run({'INPUT0': in0, 'INPUT1': in1},
                                {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
        total = results['OUTPUT0'][0]
        control.unregister(in0)
        control.unregister(in1)
        shm.destroy_shared_memory_region(in0)
        shm.destroy_shared_memory_region(in1)
        return total


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    if FLAGS.protocol.lower() == "grpc":
        _protocol = ProtocolType.GRPC
        _url = FLAGS.url
    else:
        _protocol = ProtocolType.HTTP
        _url = FLAGS.url

    checker = RegionChecker(FLAGS.verbose)
    try:
        checker.register_twice()
        print("left at the end: {}".format(checker.region_count()))
        a = np.arange(16, dtype=np.int32)
        b = np.full(16, 2, dtype=np.int32)
        total = checker.add_in_shm(a, b)
        if not (total == a + b).all():
            print("error: incorrect sum")
            sys.exit(1)
        print("sum in shared memory: {}".format(int(total.sum())))
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")
