#!/usr/bin/env python
# A test helper that collects the connections to try in a list grown with
# append(): (url, protocol, streaming) rows chosen by flags, then walks the
# list and checks each answer, and the model name and version of the last
# request, for every row.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def check_each(http_url, grpc_url, model_name, model_version, use_http=True, use_grpc=True,
               use_streaming=True, verbose=False):
    configs = []
    if use_http:
        configs.append((http_url, ProtocolType.HTTP, False))
    if use_grpc:
        configs.append((grpc_url, ProtocolType.GRPC, False))
    if use_streaming:
        configs.append((grpc_url, ProtocolType.GRPC, True))
    print("rows: {}".format(len(configs)))

    a = np.arange(16, dtype=np.int32)
    b = np.full(16, 3, dtype=np.int32)
    for config in configs:
        ctx = InferContext(config[0], config[1], model_name, model_version,
                           correlation_id=0, streaming=config[2], verbose=verbose)
        results = ctx.run({'INPUT0': (a,), 'INPUT1': (b,)},
                          {'OUTPUT0': InferContext.ResultFormat.RAW,
                           'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
        if ctx.get_last_request_model_name() != model_name:
            print("wrong model name")
            sys.exit(1)
        if model_version is not None:
            if ctx.get_last_request_model_version() != model_version:
                print("wrong model version")
                sys.exit(1)
        print("sum {} diff {}".format(int(results['OUTPUT0'][0].sum()), int(results['OUTPUT1'][0].sum())))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('--http-url', type=str, required=False, default='localhost:8000')
    parser.add_argument('--grpc-url', type=str, required=False, default='localhost:8001')
    FLAGS = parser.parse_args()

    try:
        check_each(FLAGS.http_url, FLAGS.grpc_url, "simple", 1, verbose=FLAGS.verbose)
        check_each(FLAGS.http_url, FLAGS.grpc_url, "simple", None, use_grpc=False, use_streaming=False,
                   verbose=FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
