#!/usr/bin/env python
# One V1 (ctx, request_id) callback passed by the async_run() of two contexts
# built in two functions: it fetches each reply through the context it is
# given and hands the sums over a queue.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

try:
    import queue
except ImportError:
    import Queue as queue

replies = queue.Queue()


def on_reply(ctx, request_id):
    reply = ctx.get_async_run_results(request_id, True)
    replies.put(int(reply['OUTPUT0'][0].sum()))


def send_ones(url, protocol, verbose):
    ones = InferContext(url, protocol, "simple", verbose=verbose)
    data = np.ones(16, dtype=np.int32)
    ones.async_run(on_reply, {'INPUT0': (data,), 'INPUT1': (data,)}, {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
    return replies.get(timeout=60)


def send_range(url, protocol, verbose):
    ranged = InferContext(url, protocol, "simple", verbose=verbose)
    data = np.arange(16, dtype=np.int32)
    ranged.async_run(on_reply, {'INPUT0': (data,), 'INPUT1': (data,)}, {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
    return replies.get(timeout=60)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        print("ones: {}".format(send_ones(FLAGS.url, protocol, FLAGS.verbose)))
        print("range: {}".format(send_range(FLAGS.url, protocol, FLAGS.verbose)))
    except InferenceServerException as e:
        print("inference failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
