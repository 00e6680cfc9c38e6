#!/usr/bin/env python
# Smoke test that names its protocol with a string literal per endpoint
# instead of passing the command-line value through, the way many deployment
# scripts hard-code "grpc" or "HTTP".
#
#   python literal_protocol.py -u localhost:8001 -i grpc
import argparse
import sys

import numpy as np
from tensorrtserver.api import InferContext, ProtocolType, ServerHealthContext

parser = argparse.ArgumentParser()
parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
FLAGS = parser.parse_args()

if FLAGS.protocol.lower() == "grpc":
    health = ServerHealthContext(FLAGS.url, ProtocolType.from_str("grpc"))
    ctx = InferContext(FLAGS.url, ProtocolType.from_str("GRPC"), "simple", -1)
else:
    health = ServerHealthContext(FLAGS.url, ProtocolType.from_str("HTTP"))
    ctx = InferContext(FLAGS.url, ProtocolType.from_str("http"), "simple", -1)

print("live: {}".format(health.is_live()))
input0 = np.arange(16, dtype=np.int32)
input1 = np.full(16, 2, dtype=np.int32)
result = ctx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                 {'OUTPUT0': InferContext.ResultFormat.RAW, 'OUTPUT1': InferContext.ResultFormat.RAW}, 1)
total = int(result['OUTPUT0'][0].sum())
print("sum: {}".format(total))
if total != int((input0 + input1).sum()):
    sys.exit(1)
print("PASS")
