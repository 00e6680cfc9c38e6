# V1 shape: contexts in a defaultdict built on first use
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import collections
ctxs = collections.defaultdict(lambda: InferContext(URL, PROTO, 'simple'))
r = ctxs['simple'].run({"INPUT0": (X,), "INPUT1": (X,)}, {"OUTPUT0": InferContext.ResultFormat.RAW}, 1)
print('OK', int(r['OUTPUT0'][0].sum()))
