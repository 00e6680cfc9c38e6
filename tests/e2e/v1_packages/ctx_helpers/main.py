#!/usr/bin/env python
# The entry point of a small V1 package: it builds a health, a model-control and a
# shared-memory-control context for one server and hands each to a helper function
# of the ops/ package, which calls the context's methods.
import argparse
import sys

import tensorrtserver.shared_memory as shm
from tensorrtserver.api import (InferenceServerException, ModelControlContext, ProtocolType,
                                ServerHealthContext, SharedMemoryControlContext)

from ops import health, models
from ops.regions import register_region, release_all


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    health_ctx = ServerHealthContext(FLAGS.url, protocol, FLAGS.verbose)
    if not health.wait_ready(health_ctx, 5):
        print("server not ready")
        sys.exit(1)
    print("live: {}".format(health_ctx.is_live()))

    control_ctx = ModelControlContext(FLAGS.url, protocol, FLAGS.verbose)
    try:
        models.reload(control_ctx, "simple")
    except InferenceServerException as e:
        print("reload failed: " + e.message())
        sys.exit(1)

    shm_ctx = SharedMemoryControlContext(FLAGS.url, protocol, verbose=FLAGS.verbose)
    handle = register_region(shm_ctx, "ctx_helpers_" + FLAGS.protocol, 64)
    print("registered")
    release_all(shm_ctx)
    shm.destroy_shared_memory_region(handle)
    print("PASS")


if __name__ == '__main__':
    main()
