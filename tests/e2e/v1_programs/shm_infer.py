#!/usr/bin/env python
# Runs the "simple" model with inputs and outputs in system shared memory,
# the way our co-located preprocessing service talks to the server.
import argparse
import os
import sys

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False,
                        help='Enable verbose output')
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000',
                        help='Inference server URL. Default is localhost:8000.')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http',
                        help='Protocol ("http"/"grpc") used to communicate with the '
                        'inference service. Default is "http".')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    model_name = "simple"
    batch_size = 1

    # Start from a clean slate on the server.
    shared_memory_ctx = SharedMemoryControlContext(FLAGS.url, protocol, verbose=FLAGS.verbose)
    shared_memory_ctx.unregister_all()

    infer_ctx = InferContext(FLAGS.url, protocol, model_name, -1, FLAGS.verbose)

    input0_data = np.arange(start=0, stop=16, dtype=np.int32)
    input1_data = np.full(shape=16, fill_value=3, dtype=np.int32)
    input_byte_size = input0_data.size * input0_data.itemsize
    output_byte_size = input_byte_size

    # One shared memory object per process so parallel runs do not collide.
    suffix = str(os.getpid())
    input0_key = "/input0_simple_" + suffix
    input1_key = "/input1_simple_" + suffix
    output0_key = "/output0_simple_" + suffix
    output1_key = "/output1_simple_" + suffix

    # Create the output regions and register them with the server.
    shm_op0_handle = shm.create_shared_memory_region("output0_data", output0_key,
                                                     output_byte_size)
    shm_op1_handle = shm.create_shared_memory_region("output1_data", output1_key,
                                                     output_byte_size)
    shared_memory_ctx.register(shm_op0_handle)
    shared_memory_ctx.register(shm_op1_handle)

    # Create the input regions, fill them and register them.
    shm_ip0_handle = shm.create_shared_memory_region("input0_data", input0_key, input_byte_size)
    shm_ip1_handle = shm.create_shared_memory_region("input1_data", input1_key, input_byte_size)
    shm.set_shared_memory_region(shm_ip0_handle, [input0_data])
    shm.set_shared_memory_region(shm_ip1_handle, [input1_data])
    shared_memory_ctx.register(shm_ip0_handle)
    shared_memory_ctx.register(shm_ip1_handle)

    if FLAGS.verbose:
        print(shared_memory_ctx.get_shared_memory_status())

    failed = False
    try:
        results = infer_ctx.run({'INPUT0': shm_ip0_handle, 'INPUT1': shm_ip1_handle},
                                {'OUTPUT0': (InferContext.ResultFormat.RAW, shm_op0_handle),
                                 'OUTPUT1': (InferContext.ResultFormat.RAW, shm_op1_handle)},
                                batch_size)

        # The client library reads the outputs back from shared memory.
        output0_data = results['OUTPUT0'][0]
        output1_data = results['OUTPUT1'][0]
        for i in range(16):
            print(str(input0_data[i]) + " + " + str(input1_data[i]) + " = " +
                  str(output0_data[i]))
            print(str(input0_data[i]) + " - " + str(input1_data[i]) + " = " +
                  str(output1_data[i]))
            if (input0_data[i] + input1_data[i]) != output0_data[i]:
                print("error: incorrect sum")
                failed = True
            if (input0_data[i] - input1_data[i]) != output1_data[i]:
                print("error: incorrect difference")
                failed = True
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        failed = True
    finally:
        shared_memory_ctx.unregister(shm_ip0_handle)
        shared_memory_ctx.unregister(shm_ip1_handle)
        shared_memory_ctx.unregister(shm_op0_handle)
        shared_memory_ctx.unregister(shm_op1_handle)
        shm.destroy_shared_memory_region(shm_ip0_handle)
        shm.destroy_shared_memory_region(shm_ip1_handle)
        shm.destroy_shared_memory_region(shm_op0_handle)
        shm.destroy_shared_memory_region(shm_op1_handle)

    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
