#!/usr/bin/env python
# HTTP headers as V1 code passed them: a repeatable -H option whose argparse
# default is None (V1 accepted http_headers=None), and a fixed header written
# as bytes, b"Name:Value", as older V1 clients needed on Python 3.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

CLIENT_HEADERS = [b"X-Client-Name:e2e-headers"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    parser.add_argument('-H', dest='http_headers', metavar="HTTP_HEADER", required=False,
                        action='append', help='HTTP headers to add to the requests, "Name:Value"')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        health_ctx = ServerHealthContext(FLAGS.url, protocol, http_headers=FLAGS.http_headers,
                                         verbose=FLAGS.verbose)
        print("live: {}".format(health_ctx.is_live()))
        health_ctx.close()
        ctx = InferContext(FLAGS.url, protocol, "simple", http_headers=CLIENT_HEADERS,
                           verbose=FLAGS.verbose)
        input0 = np.arange(16, dtype=np.int32)
        input1 = np.ones(16, dtype=np.int32)
        result = ctx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                         {'OUTPUT0': InferContext.ResultFormat.RAW,
                          'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
        ctx.close()
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    for i in range(16):
        print("{} + {} = {}".format(input0[i], input1[i], result['OUTPUT0'][0][i]))
        print("{} - {} = {}".format(input0[i], input1[i], result['OUTPUT1'][0][i]))
    print("PASS")


if __name__ == '__main__':
    main()
