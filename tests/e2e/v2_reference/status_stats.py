#!/usr/bin/env python
# V2 version of v1_programs/status_stats.py (hand-written reference).
#
# V1: ServerStatusContext(url, protocol, model).get_server_status()
#     .model_status[m].version_status[v].model_inference_count / model_execution_count /
#     last_inference_timestamp_milliseconds.
# V2: get_inference_statistics(m, "v") -> model_stats[0] with inference_count,
#     execution_count and last_inference (HTTP: a JSON dict; gRPC: a
#     ModelStatisticsResponse message).
import argparse
import sys

import numpy as np
import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from tritonclient.utils import InferenceServerException


def version_counters(client, model_name, use_http):
    stats = client.get_inference_statistics(model_name, "1")
    if use_http:
        entry = stats["model_stats"][0]
        return entry["inference_count"], entry["execution_count"], entry["last_inference"]
    entry = stats.model_stats[0]
    return entry.inference_count, entry.execution_count, entry.last_inference


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    use_http = FLAGS.protocol.lower() == 'http'
    client_module = httpclient if use_http else grpcclient

    try:
        client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
        before = version_counters(client, "simple", use_http)
        ones = np.ones((1, 16), dtype=np.int32)
        for step in range(3):
            values = np.full((1, 16), step, dtype=np.int32)
            inputs = [client_module.InferInput('INPUT0', [1, 16], 'INT32'),
                      client_module.InferInput('INPUT1', [1, 16], 'INT32')]
            inputs[0].set_data_from_numpy(values)
            inputs[1].set_data_from_numpy(ones)
            result = client.infer("simple", inputs, model_version="1",
                                  outputs=[client_module.InferRequestedOutput('OUTPUT0')])
            print("step {}: first sum {}".format(step, result.as_numpy('OUTPUT0')[0][0]))
        after = version_counters(client, "simple", use_http)
        client.close()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)

    print("inferences grew by {}".format(after[0] - before[0]))
    print("executions grew by {}".format(after[1] - before[1]))
    print("last inference recorded: {}".format(after[2] > 0))
    if after[0] - before[0] != 3 or after[1] - before[1] != 3:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
