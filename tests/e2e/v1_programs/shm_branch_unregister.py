#!/usr/bin/env python
# A region created as system or CUDA shared memory depending on a flag, each
# branch registering it with its own call, and one unregister after the
# branches: the region must be gone from the server's shared-memory status.
# The CUDA helpers are imported only in the CUDA branch (they need CUDA).
import argparse
import sys

import numpy as np
from tensorrtserver.api import *
import tensorrtserver.shared_memory as shm


def round_trip(url, protocol, use_cuda, verbose):
    control = SharedMemoryControlContext(url, protocol, verbose=verbose)
    if not use_cuda:
        handle = shm.create_shared_memory_region("branch_out", "/e2e_branch_out", 64)
        shm.set_shared_memory_region(handle, [np.arange(16, dtype=np.int32)])
        control.register(handle)
    else:
        import tensorrtserver.cuda_shared_memory as cudashm  # needs CUDA: imported only when asked for
        handle = cudashm.create_shared_memory_region("branch_out", 64, 0)
        control.cuda_register(handle)
    before = control.get_shared_memory_status()
    print("registered: {}".format(len(before.shared_memory_region)))
    control.unregister(handle)
    after = control.get_shared_memory_status()
    print("after unregister: {}".format(len(after.shared_memory_region)))
    if not use_cuda:
        shm.destroy_shared_memory_region(handle)
    else:
        import tensorrtserver.cuda_shared_memory as cudashm
        cudashm.destroy_shared_memory_region(handle)


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--cuda', action="store_true", required=False, default=False)
    FLAGS = parser.parse_args()
    try:
        round_trip(FLAGS.url, ProtocolType.from_str(FLAGS.protocol), FLAGS.cuda, FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")
