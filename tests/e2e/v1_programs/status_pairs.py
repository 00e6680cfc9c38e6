#!/usr/bin/env python
# Contexts built in a loop over (url, protocol) pairs, one pair per protocol,
# and the server status read for the server version and id, the server
# readiness, the models the server knows and the state of each version of one
# model, before and after a model-control unload.
import argparse
import sys
import time

from tensorrtserver.api import *
import tensorrtserver.api.server_status_pb2 as server_status


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()
    model_name = "simple"

    try:
        for pair in [(FLAGS.http_url, ProtocolType.HTTP), (FLAGS.grpc_url, ProtocolType.GRPC)]:
            hctx = ServerHealthContext(pair[0], pair[1], FLAGS.verbose)
            print("live: {} ready: {}".format(hctx.is_live(), hctx.is_ready()))

            ctx = ServerStatusContext(pair[0], pair[1], model_name, FLAGS.verbose)
            ss = ctx.get_server_status()
            print("version given: {}".format(len(ss.version) > 0))
            print("default server id: {}".format(ss.id == "inference:0"))
            print("server ready: {}".format(ss.ready_state == server_status.SERVER_READY))
            print("models listed: {}".format(len(ss.model_status)))
            print("{} listed: {}".format(model_name, model_name in ss.model_status))
            for (version, vs) in ss.model_status[model_name].version_status.items():
                print("version {} ready: {}".format(version, vs.ready_state == server_status.MODEL_READY))
            print("version 1 listed: {}".format(1 in ss.model_status[model_name].version_status))

            mctx = ModelControlContext(pair[0], pair[1], FLAGS.verbose)
            mctx.unload(model_name)
            ctx = ServerStatusContext(pair[0], pair[1], model_name, FLAGS.verbose)
            for _ in range(100):  # wait until the unload is done
                ss = ctx.get_server_status()
                version_status = ss.model_status[model_name].version_status[1]
                if version_status.ready_state == server_status.MODEL_UNAVAILABLE:
                    break
                time.sleep(0.1)
            print("after unload: unavailable {} ({})".format(
                version_status.ready_state == server_status.MODEL_UNAVAILABLE,
                version_status.ready_state_reason.message))

            mctx.load(model_name)
            ctx = ServerStatusContext(pair[0], pair[1], model_name, FLAGS.verbose)
            ss = ctx.get_server_status()
            print("after load: ready {}".format(
                ss.model_status[model_name].version_status[1].ready_state == server_status.MODEL_READY))
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
