#!/usr/bin/env python
# The shape of a V1 lifecycle test: a model version's state and counters read
# from the server status while it is loaded, then again after a model-control
# unload (state unavailable, reason "unloaded", counters compared with the
# values read before), and after the model is loaded again; a status fetched
# only to see whether the server knows a model (it raised for an unknown one).
import argparse
import sys
import time

from tensorrtserver.api import *
import tensorrtserver.api.server_status_pb2 as server_status
import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)
    model_name = "simple"

    try:
        ictx = InferContext(FLAGS.url, protocol, model_name, 1, FLAGS.verbose)
        ones = np.ones(16, dtype=np.int32)
        result = ictx.run({'INPUT0': (ones,), 'INPUT1': (ones,)},
                          {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
        print("sum: {}".format(sum(result['OUTPUT0'][0])))
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)

    try:
        ctx = ServerStatusContext(FLAGS.url, protocol, "no_such_model", FLAGS.verbose)
        ss = ctx.get_server_status()
        print("unknown model has a status")
        sys.exit(1)
    except InferenceServerException as ex:
        print("unknown model: {}".format(ex.message().startswith("no status available for unknown model")))

    expected_exec_cnt = 0
    try:
        ctx = ServerStatusContext(FLAGS.url, protocol, model_name, FLAGS.verbose)
        ss = ctx.get_server_status()
        assert ss.ready_state == server_status.SERVER_READY
        assert len(ss.model_status) == 1
        assert model_name in ss.model_status
        assert 1 in ss.model_status[model_name].version_status
        version_status = ss.model_status[model_name].version_status[1]
        print("loaded: ready {}".format(version_status.ready_state == server_status.MODEL_READY))
        assert version_status.model_execution_count > 0
        expected_exec_cnt = version_status.model_execution_count
        print("executed: {}".format(expected_exec_cnt > 0))
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)

    try:
        mctx = ModelControlContext(FLAGS.url, protocol, FLAGS.verbose)
        mctx.unload(model_name)
        for _ in range(100):  # wait until the unload is done
            ctx = ServerStatusContext(FLAGS.url, protocol, model_name, FLAGS.verbose)
            ss = ctx.get_server_status()
            if ss.model_status[model_name].version_status[1].ready_state == server_status.MODEL_UNAVAILABLE:
                break
            time.sleep(0.1)
        ctx = ServerStatusContext(FLAGS.url, protocol, model_name, FLAGS.verbose)
        ss = ctx.get_server_status()
        assert len(ss.model_status) == 1
        assert model_name in ss.model_status
        assert 1 in ss.model_status[model_name].version_status
        version_status = ss.model_status[model_name].version_status[1]
        assert version_status.ready_state == server_status.MODEL_UNAVAILABLE
        print("unloaded: unavailable {} ({})".format(
            version_status.ready_state == server_status.MODEL_UNAVAILABLE,
            version_status.ready_state_reason.message))
        assert version_status.model_execution_count == expected_exec_cnt
        assert version_status.last_inference_timestamp_milliseconds > 0
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)

    try:
        ctx = ServerStatusContext(FLAGS.url, protocol, model_name, FLAGS.verbose)
        ss = ctx.get_server_status()
        print("unloaded model has a status")
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)

    try:
        mctx = ModelControlContext(FLAGS.url, protocol, FLAGS.verbose)
        mctx.load(model_name)
        ctx = ServerStatusContext(FLAGS.url, protocol, model_name, FLAGS.verbose)
        ss = ctx.get_server_status()
        for (version, vs) in ss.model_status[model_name].version_status.items():
            print("loaded again: version {} ready {}".format(
                version, vs.ready_state == server_status.MODEL_READY))
            if version == 1:
                assert vs.model_execution_count == expected_exec_cnt
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
