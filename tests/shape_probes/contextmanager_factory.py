# V1 shape: a context yielded by a contextlib.contextmanager
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import contextlib
@contextlib.contextmanager
def opened():
    yield InferContext(URL, PROTO, 'simple')
with opened() as c:
    r = c.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print('OK', int(r['OUTPUT0'][0].sum()))
