#!/usr/bin/env python
# V2 version of v1_programs/shm_infer.py (hand-written reference).
#
# V1 registered a region from its handle alone and read shm outputs back into
# the result dict automatically; V2 needs name/key/size at registration, the
# shape of shm inputs, and reads outputs with get_contents_as_numpy().
import argparse
import os
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
import tritonclient.utils.shared_memory as shm
from tritonclient.utils import InferenceServerException


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
    client_module = httpclient if FLAGS.protocol.lower() == 'http' else grpcclient

    model_name = "simple"
    batch_size = 1

    client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
    # Start from a clean slate on the server (V1 unregister_all() covered
    # system and CUDA regions).
    client.unregister_system_shared_memory()
    client.unregister_cuda_shared_memory()

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
    client.register_system_shared_memory("output0_data", output0_key, output_byte_size)
    client.register_system_shared_memory("output1_data", output1_key, output_byte_size)

    # Create the input regions, fill them and register them.
    shm_ip0_handle = shm.create_shared_memory_region("input0_data", input0_key, input_byte_size)
    shm_ip1_handle = shm.create_shared_memory_region("input1_data", input1_key, input_byte_size)
    shm.set_shared_memory_region(shm_ip0_handle, [input0_data])
    shm.set_shared_memory_region(shm_ip1_handle, [input1_data])
    client.register_system_shared_memory("input0_data", input0_key, input_byte_size)
    client.register_system_shared_memory("input1_data", input1_key, input_byte_size)

    if FLAGS.verbose:
        print(client.get_system_shared_memory_status())

    failed = False
    try:
        inputs = [client_module.InferInput('INPUT0', [batch_size, 16], "INT32"),
                  client_module.InferInput('INPUT1', [batch_size, 16], "INT32")]
        inputs[0].set_shared_memory("input0_data", input_byte_size)
        inputs[1].set_shared_memory("input1_data", input_byte_size)
        outputs = [client_module.InferRequestedOutput('OUTPUT0'),
                   client_module.InferRequestedOutput('OUTPUT1')]
        outputs[0].set_shared_memory("output0_data", output_byte_size)
        outputs[1].set_shared_memory("output1_data", output_byte_size)

        client.infer(model_name, inputs, outputs=outputs)

        # V2 does not copy shm outputs into the result: read them ourselves.
        # get_contents_as_numpy takes a numpy dtype (not "INT32") and returns
        # a view into the mapping: copy it, reading it after
        # destroy_shared_memory_region() crashes the process (SIGSEGV).
        output0_data = np.copy(
            shm.get_contents_as_numpy(shm_op0_handle, np.int32, [batch_size, 16])[0])
        output1_data = np.copy(
            shm.get_contents_as_numpy(shm_op1_handle, np.int32, [batch_size, 16])[0])
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
        client.unregister_system_shared_memory("input0_data")
        client.unregister_system_shared_memory("input1_data")
        client.unregister_system_shared_memory("output0_data")
        client.unregister_system_shared_memory("output1_data")
        shm.destroy_shared_memory_region(shm_ip0_handle)
        shm.destroy_shared_memory_region(shm_ip1_handle)
        shm.destroy_shared_memory_region(shm_op0_handle)
        shm.destroy_shared_memory_region(shm_op1_handle)
        client.close()

    if failed:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
