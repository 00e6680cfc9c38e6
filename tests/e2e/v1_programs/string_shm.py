#!/usr/bin/env python
# String tensors in system shared memory: the inputs are serialized the V1
# way (4-byte length prefix per string), written into two regions, the
# regions registered, and the inference reads its inputs from them.
import argparse
import sys

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    input0_data = np.array([str(i) for i in range(16)], dtype=object)
    input1_data = np.array(["1"] * 16, dtype=object)
    input0_serialized = serialize_string_tensor(input0_data)
    input1_serialized = serialize_string_tensor(input1_data)
    input0_byte_size = input0_serialized.size * input0_serialized.itemsize
    input1_byte_size = input1_serialized.size * input1_serialized.itemsize
    print("serialized INPUT0: {} bytes".format(input0_byte_size))

    shm_ctx = SharedMemoryControlContext(FLAGS.url, protocol, verbose=FLAGS.verbose)
    shm_ctx.unregister_all()
    shm_ip0_handle = shm.create_shared_memory_region("input0_strings", "/e2e_input0_strings",
                                                     input0_byte_size)
    shm_ip1_handle = shm.create_shared_memory_region("input1_strings", "/e2e_input1_strings",
                                                     input1_byte_size)
    shm.set_shared_memory_region(shm_ip0_handle, [input0_serialized])
    shm.set_shared_memory_region(shm_ip1_handle, [input1_serialized])
    shm_ctx.register(shm_ip0_handle)
    shm_ctx.register(shm_ip1_handle)

    ctx = InferContext(FLAGS.url, protocol, "simple_string", -1, FLAGS.verbose)
    try:
        result = ctx.run({'INPUT0': shm_ip0_handle, 'INPUT1': shm_ip1_handle},
                         {'OUTPUT0': InferContext.ResultFormat.RAW,
                          'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    finally:
        shm_ctx.unregister(shm_ip0_handle)
        shm_ctx.unregister(shm_ip1_handle)
        shm.destroy_shared_memory_region(shm_ip0_handle)
        shm.destroy_shared_memory_region(shm_ip1_handle)
        ctx.close()
        shm_ctx.close()

    failed = False
    for i in range(16):
        total = result['OUTPUT0'][0][i]
        diff = result['OUTPUT1'][0][i]
        print("{} + {} = {}".format(input0_data[i], input1_data[i], int(total)))
        print("{} - {} = {}".format(input0_data[i], input1_data[i], int(diff)))
        if int(total) != i + 1 or int(diff) != i - 1:
            failed = True
    if failed:
        print("error: wrong result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
