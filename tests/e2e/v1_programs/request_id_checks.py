#!/usr/bin/env python
# A QA-style helper that checks each answer and that the server gave every
# request a new id (kept in a module-level set), unless told to skip it; the
# model name and version of the last request are checked too. Migrated with
# --drop-v1-only-checks: V2 has no server-generated request id.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *

_seen_request_ids = set()


def infer_and_check(url, protocol, model_name, model_version, k, skip_request_id_check=False, verbose=False):
    ctx = InferContext(url, protocol, model_name, model_version, verbose=verbose)
    a = np.full(16, k, dtype=np.int32)
    b = np.arange(16, dtype=np.int32)
    results = ctx.run({'INPUT0': (a,), 'INPUT1': (b,)},
                      {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
    if not skip_request_id_check:
        global _seen_request_ids
        request_id = ctx.get_last_request_id()
        assert request_id not in _seen_request_ids, "request_id: {}".format(request_id)
        _seen_request_ids.add(request_id)

    assert ctx.get_last_request_model_name() == model_name
    if model_version is not None:
        assert ctx.get_last_request_model_version() == model_version
    print("round {}: sum {}".format(k, int(results['OUTPUT0'][0].sum())))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    try:
        for k in range(3):
            infer_and_check(FLAGS.url, protocol, "simple", 1, k, verbose=FLAGS.verbose)
        infer_and_check(FLAGS.url, protocol, "simple", None, 3, skip_request_id_check=True, verbose=FLAGS.verbose)
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
