#!/usr/bin/env python
# The model repository index read through V1's ModelRepositoryIndex shape
# (`.models`, each entry's `.name`): once per protocol from a loop over
# (url, protocol) pairs, and once with the protocol chosen on the command line.
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

    try:
        for pair in [(FLAGS.http_url, ProtocolType.HTTP), (FLAGS.grpc_url, ProtocolType.GRPC)]:
            ctx = ModelRepositoryContext(pair[0], pair[1], FLAGS.verbose)
            index = ctx.get_model_repository_index()
            names = [model.name for model in index.models]
            print("models listed: {}".format(len(index.models) == len(names) > 0))
            print("simple listed: {}".format("simple" in names))

        protocol = ProtocolType.from_str(FLAGS.protocol)
        ctx = ModelRepositoryContext(FLAGS.url, protocol, verbose=FLAGS.verbose)
        index = ctx.get_model_repository_index()
        for model in index.models:
            if model.name == "simple":
                print("simple found by name")
    except InferenceServerException as ex:
        print("error: " + ex.message())
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
