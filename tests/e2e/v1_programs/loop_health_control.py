#!/usr/bin/env python
# A loop over (url, protocol) pairs read as pair[0] / pair[1], one pair per
# protocol, holding a health context and a model-control context of the
# same server: check the server, load the model again, check the model.
import argparse
import sys

from tensorrtserver.api import *


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
            mctx = ModelControlContext(pair[0], pair[1], FLAGS.verbose)
            mctx.load(model_name)
            print("loaded {} again".format(model_name))
            print("still ready: {}".format(hctx.is_ready()))
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
