#!/usr/bin/env python
# Several contexts for the same server, as V1 code usually had them: health,
# status, model control and inference, each built from the same url and
# protocol.
import argparse
import sys

import numpy as np
from tensorrtserver.api import *


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    health_ctx = ServerHealthContext(FLAGS.url, protocol, FLAGS.verbose)
    status_ctx = ServerStatusContext(FLAGS.url, protocol, "simple", FLAGS.verbose)
    control_ctx = ModelControlContext(FLAGS.url, protocol, FLAGS.verbose)
    infer_ctx = InferContext(FLAGS.url, protocol, "simple", -1, FLAGS.verbose)

    try:
        print("server ready: {}".format(health_ctx.is_ready()))
        control_ctx.load("simple")
        print("loaded simple")
        status = status_ctx.get_server_status()
        config = status.model_status["simple"].config
        print("simple max_batch_size: {}".format(config.max_batch_size))
        input0 = np.arange(16, dtype=np.int32)
        result = infer_ctx.run({'INPUT0': (input0,), 'INPUT1': (input0,)},
                               {'OUTPUT0': InferContext.ResultFormat.RAW}, 1)
        print("sum: {}".format(int(result['OUTPUT0'][0].sum())))
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    finally:
        infer_ctx.close()
        control_ctx.close()
        status_ctx.close()
        health_ctx.close()
    print("PASS")


if __name__ == '__main__':
    main()
