#!/usr/bin/env python
# Regions built by a helper method and handed back as a list, the way V1 test
# classes set up their shared memory: the test methods then unregister and
# feed regions by their index in that list (`handles[2]`), and check the
# server's shared-memory status by counting its regions and reading their
# names and sizes; an inference reads its inputs from, and writes its output
# into, regions of the list.
import argparse
import sys

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


class HandleList:
    def __init__(self, verbose):
        self.verbose = verbose

    def _configure(self):
        in0 = shm.create_shared_memory_region("hl_input0", "/e2e_hl_input0", 64)
        in1 = shm.create_shared_memory_region("hl_input1", "/e2e_hl_input1", 64)
        out0 = shm.create_shared_memory_region("hl_output0", "/e2e_hl_output0", 64)
        shm.set_shared_memory_region(in0, [np.arange(16, dtype=np.int32)])
        shm.set_shared_memory_region(in1, [np.full(16, 3, dtype=np.int32)])
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        control.unregister_all()
        control.register(in0)
        control.register(in1)
        control.register(out0)
        return [in0, in1, out0]

    def _cleanup(self, handles):
        for handle in handles:
            shm.destroy_shared_memory_region(handle)

    def unregister_one(self):
        handles = self._configure()
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        before = control.get_shared_memory_status()
        print("registered: {}".format(len(before.shared_memory_region)))
        sizes = {}
        for region in before.shared_memory_region:
            sizes[region.name] = region.byte_size
        print("sizes: {}".format(sorted(sizes.items())))
        control.unregister(handles[2])
        after = control.get_shared_memory_status()
        print("after unregistering the output region: {}".format(len(after.shared_memory_region)))
        control.unregister(handles[0])
        control.unregister(handles[1])
        status = control.get_shared_memory_status()
        print("left: {}".format(len(status.shared_memory_region)))
        self._cleanup(handles)

    def add_from_list(self):
        handles = self._configure()
        ctx = InferContext(_url, _protocol, "simple", -1, self.verbose)
        results = ctx.run({'INPUT0': handles[0], 'INPUT1': handles[1]},
                          {'OUTPUT0': (InferContext.ResultFormat.RAW, handles[2])}, 1)
        total = results['OUTPUT0'][0]
        print("sum from the listed regions: {}".format(int(total.sum())))
        control = SharedMemoryControlContext(_url, _protocol, verbose=self.verbose)
        control.unregister_all()
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
        checker = HandleList(FLAGS.verbose)
        checker.unregister_one()
        checker.add_from_list()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")
