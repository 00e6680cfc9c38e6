# V1 shape: a context kept in a namedtuple
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import collections
Pair = collections.namedtuple('Pair', ['ctx', 'model'])
p = Pair(InferContext(URL, PROTO, 'simple'), 'simple')
r = p.ctx.run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print('OK', p.model, int(r['OUTPUT0'][0].sum()))
