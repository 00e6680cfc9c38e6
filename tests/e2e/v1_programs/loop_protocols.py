#!/usr/bin/env python
# A loop over (url, protocol) rows unpacked into two names, one row per
# protocol: a health context, a status context read for the server and model
# readiness and the model's configuration, and an infer context, all built
# from the same row.
import argparse
import sys

import numpy as np
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

    input0 = np.arange(16, dtype=np.int32)
    input1 = np.full(16, 2, dtype=np.int32)
    try:
        for url, protocol in [(FLAGS.http_url, ProtocolType.HTTP), (FLAGS.grpc_url, ProtocolType.GRPC)]:
            hctx = ServerHealthContext(url, protocol, FLAGS.verbose)
            print("live: {} ready: {}".format(hctx.is_live(), hctx.is_ready()))

            sctx = ServerStatusContext(url, protocol, model_name, FLAGS.verbose)
            ss = sctx.get_server_status()
            print("server ready: {}".format(ss.ready_state == server_status.SERVER_READY))
            print("max_batch_size: {}".format(ss.model_status[model_name].config.max_batch_size))

            ictx = InferContext(url, protocol, model_name, -1, FLAGS.verbose)
            result = ictx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                              {'OUTPUT0': InferContext.ResultFormat.RAW,
                               'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
            print("sum {} diff {}".format(int(result['OUTPUT0'][0].sum()), int(result['OUTPUT1'][0].sum())))
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
