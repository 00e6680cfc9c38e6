#!/usr/bin/env python
# V2 version of v1_programs/status_config_star.py (the same as status_config.py).
#
# V1: ServerStatusContext(...).get_server_status() -> ServerStatus protobuf;
# .ready_state, .model_status[m].config, .model_status[m].version_status[v].
# V2: is_server_ready(), get_model_config(m) (gRPC: a ModelConfigResponse
# whose .config is the ModelConfig message; HTTP: JSON, parsed here into the
# same message so that attribute access works), is_model_ready(m, str(v)).
import argparse
import sys

import tritonclient.grpc as grpcclient
import tritonclient.http as httpclient
from google.protobuf import json_format
from tritonclient.grpc import model_config_pb2
from tritonclient.utils import InferenceServerException


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    use_http = FLAGS.protocol.lower() == 'http'
    client_module = httpclient if use_http else grpcclient
    model_name = "simple"

    try:
        client = client_module.InferenceServerClient(FLAGS.url, verbose=FLAGS.verbose)
        server_ready = client.is_server_ready()
        if use_http:
            config = json_format.ParseDict(client.get_model_config(model_name),
                                           model_config_pb2.ModelConfig(), ignore_unknown_fields=True)
        else:
            config = client.get_model_config(model_name).config
        ready = client.is_model_ready(model_name, "1")
        client.close()
    except InferenceServerException as e:
        print("status failed: " + str(e))
        sys.exit(1)

    print("server ready: {}".format(server_ready))
    print("name: " + config.name)
    print("max_batch_size: {}".format(config.max_batch_size))
    for io in config.input:
        print("input {}: {} {}".format(io.name, model_config_pb2.DataType.Name(io.data_type), list(io.dims)))
    for io in config.output:
        print("output {}: {} {}".format(io.name, model_config_pb2.DataType.Name(io.data_type), list(io.dims)))
    print("version 1 ready: {}".format(ready))
    if not ready:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
