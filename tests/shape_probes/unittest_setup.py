# V1 shape: contexts built in a TestCase's setUp and used by its tests
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import unittest

class InferTest(unittest.TestCase):
    def setUp(self):
        self.ctx = InferContext(URL, PROTO, "simple")
        self.health = ServerHealthContext(URL, PROTO)

    def test_live(self):
        self.assertTrue(self.health.is_live())
        print("OK live")

    def test_sum(self):
        r = self.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
        self.assertEqual(int(r["OUTPUT0"][0].sum()), 240)
        print("OK sum")

result = unittest.main(argv=[sys.argv[0]], exit=False).result
print("OK", result.wasSuccessful())
