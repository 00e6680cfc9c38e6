#!/usr/bin/env python
# A sequence checker in the shape of V1 test helpers that send the same
# requests from numpy lists or from system shared memory: the input and the
# output of run() are variables whose form (a list of arrays or a
# (region, shape) pair; RAW or (RAW, region)) is chosen at run time, the
# tensor names are variables, the context comes from a config row appended
# per mode, and the sequence flags are or-ed together from a flag string.
# Each request is sent with async_run(); its callback queues the request id
# and the result is taken with get_async_run_results(id).  A third mode
# appends a streaming gRPC row: whether the context streams is chosen by the
# row at run time.
# A region is system or CUDA shared memory by a flag (the CUDA helpers are
# imported only in the CUDA branch: they need CUDA; the system branch runs).
import argparse
import queue
import sys
from functools import partial

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


class Completed:
    def __init__(self):
        self.ids = queue.Queue()


def on_complete(completed, ctx, request_id):
    completed.ids.put(request_id)


class DictChecker:
    def __init__(self, http_url, grpc_url, verbose):
        self.http_url = http_url
        self.grpc_url = grpc_url
        self.verbose = verbose

    def check_sequence(self, model_name, correlation_id, steps, expected, mode, use_shm,
                       tensor_shape=(1,), use_cuda=False):
        configs = []
        if mode == "http":
            configs.append((self.http_url, ProtocolType.HTTP, False))
        if mode == "grpc":
            configs.append((self.grpc_url, ProtocolType.GRPC, False))
        if mode == "streaming":
            configs.append((self.grpc_url, ProtocolType.GRPC, True))
        if len(configs) != 1:
            raise ValueError("unknown mode " + mode)

        if use_shm:
            control = SharedMemoryControlContext(self.http_url, ProtocolType.HTTP, verbose=self.verbose)
            if not use_cuda:
                out_handle = shm.create_shared_memory_region("rda_output", "/e2e_rda_output", 4)
                control.register(out_handle)
            else:
                import tensorrtserver.cuda_shared_memory as cudashm  # needs CUDA: imported only when asked for
                out_handle = cudashm.create_shared_memory_region("rda_output", 4, 0)
                control.cuda_register(out_handle)

        last = None
        for config in configs:
            ctx = InferContext(config[0], config[1], model_name,
                               correlation_id=correlation_id, streaming=config[2], verbose=self.verbose)
            completed = Completed()
            for flag_str, value in steps:
                flags = InferRequestHeader.FLAG_NONE
                if flag_str is not None:
                    if "start" in flag_str:
                        flags = flags | InferRequestHeader.FLAG_SEQUENCE_START
                    if "end" in flag_str:
                        flags = flags | InferRequestHeader.FLAG_SEQUENCE_END

                input_list = list()
                input_list.append(np.full(tensor_shape, value, dtype=np.int32))

                if use_shm:
                    if not use_cuda:
                        in_handle = shm.create_shared_memory_region("rda_input", "/e2e_rda_input", 4)
                        shm.set_shared_memory_region(in_handle, input_list)
                        control.register(in_handle)
                    else:
                        import tensorrtserver.cuda_shared_memory as cudashm
                        in_handle = cudashm.create_shared_memory_region("rda_input", 4, 0)
                        cudashm.set_shared_memory_region(in_handle, input_list)
                        control.cuda_register(in_handle)
                    input_info = (in_handle, tensor_shape)
                    output_info = (InferContext.ResultFormat.RAW, out_handle)
                else:
                    input_info = input_list
                    output_info = InferContext.ResultFormat.RAW

                INPUT = "INPUT"
                OUTPUT = "OUTPUT"
                ctx.async_run(partial(on_complete, completed), {INPUT: input_info}, {OUTPUT: output_info},
                              batch_size=1, flags=flags)
                request_id = completed.ids.get()
                results = ctx.get_async_run_results(request_id)
                if use_shm:
                    control.unregister(in_handle)
                    if not use_cuda:
                        shm.destroy_shared_memory_region(in_handle)
                    else:
                        cudashm.destroy_shared_memory_region(in_handle)
                if len(results) != 1 or OUTPUT not in results:
                    raise AssertionError("expected only " + OUTPUT)
                last = results[OUTPUT][0][0]
                print("{} {}: {} -> {}".format(mode, "shm" if use_shm else "numpy", value, last))

        if use_shm:
            control.unregister(out_handle)
            if not use_cuda:
                shm.destroy_shared_memory_region(out_handle)
            else:
                import tensorrtserver.cuda_shared_memory as cudashm
                cudashm.destroy_shared_memory_region(out_handle)
        if last != expected:
            raise AssertionError("{}: expected {}, got {}".format(mode, expected, last))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()

    checker = DictChecker(FLAGS.http_url, FLAGS.grpc_url, FLAGS.verbose)
    base = 5400 if FLAGS.protocol.lower() == "http" else 5500
    try:
        for offset, mode in enumerate(("http", "grpc", "streaming")):
            checker.check_sequence("simple_sequence", base + offset,
                                   [("start", 3), (None, 4), ("end", 5)], 12, mode, False)
            checker.check_sequence("simple_sequence", base + 20 + offset,
                                   [("start", 6), ("end", -1)], 5, mode, True)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
