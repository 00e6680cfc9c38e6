#!/usr/bin/env python
# One inference helper that V1 test classes call with shared-memory regions
# or with numpy lists for the same parameters: V1's run() took either for an
# input, so the helper does not know which it gets until it runs. Here it is
# called once with regions for both inputs, once with one input as data, and
# its output always lands in a region (read back through the V1 result).
import argparse
import sys

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


class Mixed:
    def __init__(self, verbose):
        self.verbose = verbose

    def _configure(self):
        in0 = shm.create_shared_memory_region("mx_input0", "/e2e_mx_input0", 64)
        in1 = shm.create_shared_memory_region("mx_input1", "/e2e_mx_input1", 64)
        out0 = shm.create_shared_memory_region("mx_output0", "/e2e_mx_output0", 64)
        shm.set_shared_memory_region(in0, [np.arange(16, dtype=np.int32)])
        shm.set_shared_memory_region(in1, [np.full(16, 2, dtype=np.int32)])
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        control.unregister_all()
        control.register(in0)
        control.register(in1)
        control.register(out0)
        return [in0, in1, out0]

    def _cleanup(self, handles):
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        control.unregister_all()
        for handle in handles:
            shm.destroy_shared_memory_region(handle)

    def _infer(self, first, second, out, label):
        ctx = InferContext(_url, _protocol, "simple", -1, self.verbose)
        results = ctx.run({'INPUT0': first, 'INPUT1': second},
                          {'OUTPUT0': (InferContext.ResultFormat.RAW, out)}, 1)
        total = results['OUTPUT0'][0]
        print("{}: {} {}".format(label, int(total.sum()), total.shape))

    def all_regions(self):
        handles = self._configure()
        self._infer(handles[0], handles[1], handles[2], "regions")
        self._cleanup(handles)

    def one_as_data(self):
        handles = self._configure()
        self._infer(handles[0], [np.full(16, 5, dtype=np.int32)], handles[2], "one input as data")
        self._cleanup(handles)


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
    try:
        checker = Mixed(FLAGS.verbose)
        checker.all_regions()
        checker.one_as_data()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")
