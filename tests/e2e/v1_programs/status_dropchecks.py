#!/usr/bin/env python
# A status check the way V1 QA tests wrote it: besides what V2 still has (the
# server version, readiness, one model's configuration and version state) it
# asserts on the uptime, the server id and the ids of a caught error, which V2
# does not have at all. Migrated with --drop-v1-only-checks.
import argparse
import sys

from tensorrtserver.api import InferenceServerException, ProtocolType, ServerStatusContext
import tensorrtserver.api.server_status_pb2 as server_status


def check_server(url, protocol, model_name, verbose):
    ctx = ServerStatusContext(url, protocol, model_name, verbose)
    ss = ctx.get_server_status()
    assert len(ss.version) > 0, "no server version"
    print("version given: True")
    assert ss.id == "inference:0", ss.id
    uptime = ss.uptime_ns
    assert uptime > 0
    assert ss.ready_state == server_status.SERVER_READY
    print("server ready: True")
    print("max_batch_size: {}".format(ss.model_status[model_name].config.max_batch_size))
    assert ss.model_status[model_name].version_status[1].ready_state == server_status.MODEL_READY
    print("version 1 ready: True")


def check_unknown_model(url, protocol, verbose):
    try:
        bad = ServerStatusContext(url, protocol, "no_such_model", verbose)
        bss = bad.get_server_status()
        print("unexpected config: {}".format(bss.model_status["no_such_model"].config.name))
    except InferenceServerException as ex:
        assert ex.server_id() == "inference:0"
        assert ex.request_id() > 0, "no request id"
        print("unknown model refused")
        return
    sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    check_server(FLAGS.url, protocol, "simple", FLAGS.verbose)
    check_unknown_model(FLAGS.url, protocol, FLAGS.verbose)
    print("PASS")


if __name__ == '__main__':
    main()
