#!/usr/bin/env python
# The server status used for what it tells about one model: its
# configuration (.config), the server readiness (.ready_state) and the
# readiness of one version (.version_status[v].ready_state); the V1 names come
# from a star import.
import argparse
import sys

from tensorrtserver.api import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    model_name = "simple"

    try:
        ctx = ServerStatusContext(FLAGS.url, protocol, model_name, FLAGS.verbose)
        server_status = ctx.get_server_status()
        ctx.close()
    except InferenceServerException as e:
        print("status failed: " + str(e))
        sys.exit(1)

    print("server ready: {}".format(server_status.ready_state == server_status_pb2.SERVER_READY))
    model_status = server_status.model_status[model_name]
    config = model_status.config
    print("name: " + config.name)
    print("max_batch_size: {}".format(config.max_batch_size))
    for io in config.input:
        print("input {}: {} {}".format(io.name, model_config_pb2.DataType.Name(io.data_type), list(io.dims)))
    for io in config.output:
        print("output {}: {} {}".format(io.name, model_config_pb2.DataType.Name(io.data_type), list(io.dims)))
    ready = model_status.version_status[1].ready_state == server_status_pb2.MODEL_READY
    print("version 1 ready: {}".format(ready))
    if not ready:
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
