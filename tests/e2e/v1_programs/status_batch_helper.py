#!/usr/bin/env python
# Status helpers the way V1 batcher tests wrote them: each takes a url and a
# ProtocolType and builds its own ServerStatusContext. check_setup reads the
# dynamic batcher settings of the model's configuration; check_status checks
# the status by request batch size (infer_stats, which V2 does not have) and
# the model's execution and inference counters after requests went through
# the dynamic batcher. The callers pick the protocol with a ProtocolType
# literal, one test per protocol, and catch InferenceServerException.
# Migrated with --drop-v1-only-checks.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

MODEL = "simple_dynamic"


class BatcherTest(object):
    def __init__(self, http_url, grpc_url, verbose):
        self.http_url = http_url
        self.grpc_url = grpc_url
        self.verbose = verbose

    def check_setup(self, url, protocol, model_name):
        ctx = ServerStatusContext(url, protocol, model_name, self.verbose)
        ss = ctx.get_server_status()
        assert len(ss.model_status) == 1, "expected status for one model"
        assert model_name in ss.model_status, "expected status for model " + model_name
        bconfig = ss.model_status[model_name].config.dynamic_batching
        assert 4 in bconfig.preferred_batch_size
        print("preferred batch sizes: {}".format(list(bconfig.preferred_batch_size)))

    def counters(self, url, protocol, model_name):
        ctx = ServerStatusContext(url, protocol, model_name, self.verbose)
        ss = ctx.get_server_status()
        version = ss.model_status[model_name].version_status[1]
        return version.model_execution_count, version.model_inference_count

    def check_status(self, url, protocol, model_name, static_bs, exec_cnt, infer_cnt):
        ctx = ServerStatusContext(url, protocol, model_name, self.verbose)
        ss = ctx.get_server_status()
        assert len(ss.model_status) == 1, "expected status for one model"
        assert model_name in ss.model_status, "expected status for model " + model_name
        vs = ss.model_status[model_name].version_status
        assert len(vs) == 1, "expected one version"
        assert 1 in vs, "expected status for version 1"
        infer = vs[1].infer_stats
        assert len(infer) == len(static_bs), \
            "expected batch-sizes (" + ",".join(str(b) for b in static_bs) + "), got " + str(vs[1])
        for b in static_bs:
            assert b in infer, "expected batch-size " + str(b) + ", got " + str(vs[1])
        assert vs[1].model_execution_count == exec_cnt, \
            "expected model-execution-count " + str(exec_cnt) + ", got " + str(vs[1].model_execution_count)
        assert vs[1].model_inference_count == infer_cnt, \
            "expected model-inference-count " + str(infer_cnt) + ", got " + str(vs[1].model_inference_count)
        print("executions {} inferences {}: as expected".format(
            vs[1].model_execution_count - exec_cnt, vs[1].model_inference_count - infer_cnt))

    def send(self, url, protocol, model_name, bs):
        ctx = InferContext(url, protocol, model_name, 1, self.verbose)
        items = [np.ones(16, dtype=np.int32)] * bs
        result = ctx.run({'INPUT0': items, 'INPUT1': items},
                         {'OUTPUT0': InferContext.ResultFormat.RAW}, bs)
        ctx.close()
        return len(result['OUTPUT0'])

    def test_static_batch_preferred(self):
        try:
            url = self.http_url
            protocol = ProtocolType.HTTP
            self.check_setup(url, protocol, MODEL)
            exec0, infer0 = self.counters(url, protocol, MODEL)
            print("http: batch of {}".format(self.send(url, protocol, MODEL, 2)))
            print("http: batch of {}".format(self.send(url, protocol, MODEL, 4)))
            self.check_status(url, protocol, MODEL, (2, 4), exec0 + 2, infer0 + 6)
        except InferenceServerException as ex:
            print("unexpected error {}".format(ex))
            sys.exit(1)

    def test_static_batch_grpc(self):
        try:
            url = self.grpc_url
            protocol = ProtocolType.GRPC
            self.check_setup(url, protocol, MODEL)
            exec0, infer0 = self.counters(url, protocol, MODEL)
            print("grpc: batch of {}".format(self.send(url, protocol, MODEL, 3)))
            self.check_status(url, protocol, MODEL, (3,), exec0 + 1, infer0 + 3)
        except InferenceServerException as ex:
            print("unexpected error {}".format(ex))
            sys.exit(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()
    test = BatcherTest(FLAGS.http_url, FLAGS.grpc_url, FLAGS.verbose)
    test.test_static_batch_preferred()
    test.test_static_batch_grpc()
    print("PASS")


if __name__ == '__main__':
    main()
