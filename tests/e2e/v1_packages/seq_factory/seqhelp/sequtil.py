# A sequence test helper class in the shape of V1 QA utilities: one method creates and
# registers the shared-memory regions of a test and returns them in a list, another
# sends a sequence with async_run() from numpy lists or from those regions, which the
# test (a subclass in another module) hands back to it.
import queue
from functools import partial

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


class Pending:
    def __init__(self):
        self.ids = queue.Queue()


def on_complete(pending, ctx, request_id):
    pending.ids.put(request_id)


class SequenceUtil:
    def precreate_regions(self, url, mode, values, i):
        if self.use_shm:
            control = SharedMemoryControlContext(url, ProtocolType.from_str(self.protocol))
            handles = []
            for j, value in enumerate(values):
                input_list = [np.full((1,), value, dtype=np.int32)]
                ip_handle = shm.create_shared_memory_region(
                    'sq_ip{}{}_{}'.format(i, j, mode), '/sq_ip{}{}_{}'.format(i, j, mode), 4)
                op_handle = shm.create_shared_memory_region(
                    'sq_op{}{}_{}'.format(i, j, mode), '/sq_op{}{}_{}'.format(i, j, mode), 4)
                shm.set_shared_memory_region(ip_handle, input_list)
                control.register(ip_handle)
                control.register(op_handle)
                handles.append(ip_handle)
                handles.append(op_handle)
            return handles
        else:
            return []

    def release_regions(self, url):
        control = SharedMemoryControlContext(url, ProtocolType.from_str(self.protocol))
        control.unregister_all()

    def check_async(self, url, mode, model_name, correlation_id, values, expected, shm_region_handles):
        configs = []
        if mode == "http":
            configs.append((url, ProtocolType.HTTP, False))
        if mode == "grpc":
            configs.append((url, ProtocolType.GRPC, False))
        if mode == "streaming":
            configs.append((url, ProtocolType.GRPC, True))
        for config in configs:
            ctx = InferContext(config[0], config[1], model_name, correlation_id=correlation_id,
                               streaming=config[2])
            try:
                pending = Pending()
                sent = 0
                for flag_str, value in values:
                    flags = InferRequestHeader.FLAG_NONE
                    if flag_str is not None:
                        if "start" in flag_str:
                            flags = flags | InferRequestHeader.FLAG_SEQUENCE_START
                        if "end" in flag_str:
                            flags = flags | InferRequestHeader.FLAG_SEQUENCE_END
                    if not self.use_shm:
                        input_list = list()
                        input_list.append(np.full((1,), value, dtype=np.int32))
                        input_info = input_list
                        output_info = InferContext.ResultFormat.RAW
                    else:
                        input_info = (shm_region_handles[2 * sent], (1,))
                        output_info = (InferContext.ResultFormat.RAW, shm_region_handles[2 * sent + 1])
                    INPUT = "INPUT"
                    OUTPUT = "OUTPUT"
                    ctx.async_run(partial(on_complete, pending), {INPUT: input_info}, {OUTPUT: output_info},
                                  batch_size=1, flags=flags)
                    sent += 1
                result = None
                received = 0
                while received < sent:
                    request_id = pending.ids.get()
                    results = ctx.get_async_run_results(request_id)
                    if len(results) != 1 or OUTPUT not in results:
                        raise AssertionError("expected only " + OUTPUT)
                    result = results[OUTPUT][0][0]
                    received += 1
                print("{}: {}".format("shm" if self.use_shm else "numpy", result))
                if result != expected:
                    raise AssertionError("expected {}, got {}".format(expected, result))
            except Exception as ex:
                self.errors.append(ex)
