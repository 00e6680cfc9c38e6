# V1 shape: contexts added to a dict with update()
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

ctxs = {}
ctxs.update(health=ServerHealthContext(URL, PROTO))
print('OK', ctxs['health'].is_live())
