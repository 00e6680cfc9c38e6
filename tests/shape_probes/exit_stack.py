# V1 shape: contexts entered through contextlib.ExitStack
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

import contextlib
with contextlib.ExitStack() as stack:
    ctl = stack.enter_context(ModelControlContext(URL, PROTO))
    ctl.load('simple')
    print('OK loaded')
