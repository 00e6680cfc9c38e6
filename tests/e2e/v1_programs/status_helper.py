#!/usr/bin/env python
# The server status read through helpers of the file, as V1 QA tests do: one
# returns the status together with the context's last request id (a pair
# whose id the callers here never read), one returns the status alone and is
# called with the model named by a flag.  The callers read the models listed,
# each version's state, the model configuration, and check that an unknown
# model is refused.  Both protocols in each run.
import argparse
import sys

from tensorrtserver.api import *
import tensorrtserver.api.server_status_pb2 as server_status

FLAGS = None


def _status_and_request_id(url, protocol=ProtocolType.HTTP, model_name=None, verbose=False):
    ctx = ServerStatusContext(url, protocol, model_name, verbose)
    return (ctx.get_server_status(), ctx.get_last_request_id())


def _status_of(url="localhost:8000", protocol=ProtocolType.HTTP, model_name=None):
    ctx = ServerStatusContext(url, protocol, model_name, False)
    return ctx.get_server_status()


def show_versions(http_url, grpc_url, model_name, verbose):
    for pair in [(http_url, ProtocolType.HTTP), (grpc_url, ProtocolType.GRPC)]:
        status, request_id = _status_and_request_id(pair[0], pair[1], model_name, verbose)
        print("{} listed: {}".format(model_name, model_name in status.model_status))
        print("versions: {}".format(len(status.model_status[model_name].version_status)))
        print("version 1 ready: {}".format(
            status.model_status[model_name].version_status[1].ready_state == server_status.MODEL_READY))


def show_unknown(http_url, grpc_url):
    for pair in [(http_url, ProtocolType.HTTP), (grpc_url, ProtocolType.GRPC)]:
        try:
            reply = _status_and_request_id(pair[0], pair[1], "no_such_model")
            print("unknown model accepted")
        except InferenceServerException as ex:
            print("unknown model refused: {}".format(
                ex.message().startswith("no status available for unknown model")))


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    parser.add_argument('--model', type=str, required=False, default='simple')
    FLAGS = parser.parse_args()

    show_versions(FLAGS.http_url, FLAGS.grpc_url, FLAGS.model, FLAGS.verbose)
    show_unknown(FLAGS.http_url, FLAGS.grpc_url)

    status = _status_of(FLAGS.http_url, model_name=FLAGS.model)
    config = status.model_status[FLAGS.model].config
    print("http config: {} max_batch_size {}".format(config.name, config.max_batch_size))
    grpc_status = _status_of(FLAGS.grpc_url, ProtocolType.GRPC, FLAGS.model)
    grpc_config = grpc_status.model_status[FLAGS.model].config
    print("grpc config: {} inputs {}".format(grpc_config.name, [i.name for i in grpc_config.input]))
    print("PASS")
