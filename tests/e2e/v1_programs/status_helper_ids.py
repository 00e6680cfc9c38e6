#!/usr/bin/env python
# A status helper returning the status with the context's last request id,
# called twice per protocol; the checks compare request ids, uptimes and the
# server id (values V2 does not have) beside what V2 has (the server version,
# the models listed, a version's state).  Migrated with --drop-v1-only-checks.
import argparse
import sys

from tensorrtserver.api import *
import tensorrtserver.api.server_status_pb2 as server_status


def _status_and_id(url, protocol, model_name=None):
    ctx = ServerStatusContext(url, protocol, model_name, False)
    return (ctx.get_server_status(), ctx.get_last_request_id())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()

    try:
        for pair in [(FLAGS.http_url, ProtocolType.HTTP), (FLAGS.grpc_url, ProtocolType.GRPC)]:
            first, first_id = _status_and_id(pair[0], pair[1], "simple")
            first_uptime = first.uptime_ns
            assert first_uptime > 0
            print("simple listed: {}".format("simple" in first.model_status))
            for version, state in first.model_status["simple"].version_status.items():
                print("version {} ready: {}".format(version, state.ready_state == server_status.MODEL_READY))

            second, second_id = _status_and_id(pair[0], pair[1])
            assert second.uptime_ns > first_uptime
            assert second_id == first_id + 1
            assert second.id == "inference:0"
            print("version given: {}".format(len(second.version) > 0))
            print("models listed: {}".format(len(second.model_status) > 0))
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
