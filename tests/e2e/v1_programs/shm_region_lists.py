#!/usr/bin/env python
# A QA-style helper that creates its shared-memory regions in a loop,
# appending each to a list (inputs and outputs in two lists), registers them
# by a computed index, writes the inputs, counts the registered regions, and
# unregisters and destroys them by index at the end.
import argparse
import os
import sys

import numpy as np
from tensorrtserver.api import *
import tensorrtserver.shared_memory as shm


def make_and_register(url, protocol, io_cnt, shm_suffix, verbose):
    shared_memory_ctx = SharedMemoryControlContext(url, protocol, verbose=verbose)
    shm_ip_handles = list()
    shm_op_handles = list()
    status = shared_memory_ctx.get_shared_memory_status()
    before = len(status.shared_memory_region)
    for io_num in range(io_cnt):
        values = np.full(16, io_num, dtype=np.int32)
        byte_size = values.size * values.itemsize
        shm_ip_handles.append(shm.create_shared_memory_region("input" + str(io_num) + "_data" + shm_suffix,
                                                              "/input" + str(io_num) + shm_suffix, byte_size))
        shm_ip_handles.append(shm.create_shared_memory_region("extra" + str(io_num) + "_data" + shm_suffix,
                                                              "/extra" + str(io_num) + shm_suffix, byte_size))
        shm_op_handles.append(shm.create_shared_memory_region("output" + str(io_num) + "_data" + shm_suffix,
                                                              "/output" + str(io_num) + shm_suffix, byte_size))
        shared_memory_ctx.register(shm_ip_handles[2 * io_num])
        shared_memory_ctx.register(shm_ip_handles[2 * io_num + 1])
        shared_memory_ctx.register(shm_op_handles[io_num])
        shm.set_shared_memory_region(shm_ip_handles[2 * io_num], [values])
        shm.set_shared_memory_region(shm_ip_handles[2 * io_num + 1], [values])
    status = shared_memory_ctx.get_shared_memory_status()
    print("registered: {}".format(len(status.shared_memory_region) - before))

    for io_num in range(io_cnt):
        shared_memory_ctx.unregister(shm_op_handles[io_num])
    status = shared_memory_ctx.get_shared_memory_status()
    print("after the outputs: {}".format(len(status.shared_memory_region) - before))
    for io_num in range(2 * io_cnt):
        shared_memory_ctx.unregister(shm_ip_handles[io_num])
        shm.destroy_shared_memory_region(shm_ip_handles[io_num])
    for io_num in range(io_cnt):
        shm.destroy_shared_memory_region(shm_op_handles[io_num])
    status = shared_memory_ctx.get_shared_memory_status()
    print("left: {}".format(len(status.shared_memory_region) - before))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    suffix = "_{}_{}".format(FLAGS.protocol, os.getpid())

    try:
        make_and_register(FLAGS.url, protocol, 2, suffix, FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
