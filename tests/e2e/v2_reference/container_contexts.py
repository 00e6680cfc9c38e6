#!/usr/bin/env python
# V2 version of v1_programs/container_contexts.py (hand-written reference):
# clients in a list, a dict and a queue; the model name moves to each infer().
import argparse
import queue
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def infer(module, client, model_name, inputs, output_names):
    infer_inputs = []
    for name, value in inputs:
        infer_input = module.InferInput(name, list(value.shape), "INT32" if value.dtype == np.int32 else "FP32")
        infer_input.set_data_from_numpy(value)
        infer_inputs.append(infer_input)
    return client.infer(model_name, infer_inputs,
                        outputs=[module.InferRequestedOutput(n) for n in output_names])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    module = httpclient if FLAGS.protocol.lower() == "http" else grpcclient

    def new_client():
        return module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)

    workers = [new_client() for _ in range(2)]
    by_model = {"simple": new_client(), "simple_nobatch": new_client()}
    pool = queue.Queue()
    for _ in range(2):
        pool.put(new_client())

    ones = np.ones((1, 16), dtype=np.int32)
    try:
        for index, client in enumerate(workers):
            values = np.full((1, 16), index + 1, dtype=np.int32)
            result = infer(module, client, "simple", [('INPUT0', values), ('INPUT1', ones)], ['OUTPUT0', 'OUTPUT1'])
            print("worker {}: sum {}".format(index, int(result.as_numpy('OUTPUT0')[0].sum())))

        result = infer(module, by_model["simple"], "simple", [('INPUT0', ones * 3), ('INPUT1', ones)], ['OUTPUT1'])
        print("simple: diff {}".format(int(result.as_numpy('OUTPUT1')[0].sum())))
        nobatch = infer(module, by_model["simple_nobatch"], "simple_nobatch",
                        [('INPUT0', np.array([1.5, 2.0, -1.0, 0.5], dtype=np.float32))], ['OUTPUT0'])
        print("simple_nobatch: {}".format(nobatch.as_numpy('OUTPUT0').tolist()))

        for k in range(3):
            client = pool.get()
            result = infer(module, client, "simple", [('INPUT0', ones * k), ('INPUT1', ones * k)], ['OUTPUT0'])
            print("pooled {}: sum {}".format(k, int(result.as_numpy('OUTPUT0')[0].sum())))
            pool.put(client)
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)

    for client in workers + list(by_model.values()):
        client.close()
    while not pool.empty():
        pool.get().close()
    print("PASS")


if __name__ == '__main__':
    main()
