#!/usr/bin/env python
# V2 version of v1_programs/string_shm.py (hand-written reference): strings
# serialized with serialize_byte_tensor (same 4-byte length prefix as V1's
# serialize_string_tensor), written into system shared memory, registered by
# name, key and size, and given to each InferInput with set_shared_memory.
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
import tritonclient.utils.shared_memory as shm
from tritonclient.utils import InferenceServerException, serialize_byte_tensor


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    module = httpclient if FLAGS.protocol.lower() == "http" else grpcclient

    input0_data = np.array([str(i) for i in range(16)], dtype=object)
    input1_data = np.array(["1"] * 16, dtype=object)
    # V1's serialize_string_tensor returned the bytes as one numpy bytes scalar
    # (size * itemsize = byte count); serialize_byte_tensor returns a
    # 1-element object array holding them, which is what V2's
    # set_shared_memory_region takes (a bytes scalar array fails there).
    input0_serialized = serialize_byte_tensor(input0_data)
    input1_serialized = serialize_byte_tensor(input1_data)
    input0_byte_size = len(input0_serialized.item())
    input1_byte_size = len(input1_serialized.item())
    print("serialized INPUT0: {} bytes".format(input0_byte_size))

    client = module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
    client.unregister_system_shared_memory()
    shm_ip0_handle = shm.create_shared_memory_region("input0_strings", "/e2e_input0_strings", input0_byte_size)
    shm_ip1_handle = shm.create_shared_memory_region("input1_strings", "/e2e_input1_strings", input1_byte_size)
    shm.set_shared_memory_region(shm_ip0_handle, [input0_serialized])
    shm.set_shared_memory_region(shm_ip1_handle, [input1_serialized])
    client.register_system_shared_memory("input0_strings", "/e2e_input0_strings", input0_byte_size)
    client.register_system_shared_memory("input1_strings", "/e2e_input1_strings", input1_byte_size)

    inputs = [module.InferInput('INPUT0', [1, 16], "BYTES"), module.InferInput('INPUT1', [1, 16], "BYTES")]
    inputs[0].set_shared_memory("input0_strings", input0_byte_size)
    inputs[1].set_shared_memory("input1_strings", input1_byte_size)
    try:
        result = client.infer("simple_string", inputs, outputs=[module.InferRequestedOutput('OUTPUT0'),
                                                                module.InferRequestedOutput('OUTPUT1')])
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    finally:
        client.unregister_system_shared_memory("input0_strings")
        client.unregister_system_shared_memory("input1_strings")
        shm.destroy_shared_memory_region(shm_ip0_handle)
        shm.destroy_shared_memory_region(shm_ip1_handle)
        client.close()

    failed = False
    output0, output1 = result.as_numpy('OUTPUT0')[0], result.as_numpy('OUTPUT1')[0]
    for i in range(16):
        print("{} + {} = {}".format(input0_data[i], input1_data[i], int(output0[i])))
        print("{} - {} = {}".format(input0_data[i], input1_data[i], int(output1[i])))
        if int(output0[i]) != i + 1 or int(output1[i]) != i - 1:
            failed = True
    if failed:
        print("error: wrong result")
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
