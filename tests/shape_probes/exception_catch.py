# V1 shape: a V1 exception caught around a bad model
import sys
import numpy as np
from tensorrtserver.api import *

URL, PROTO = sys.argv[1], ProtocolType.from_str(sys.argv[2])
X = np.arange(16, dtype=np.int32)

try:
    InferContext(URL, PROTO, "no_such_model")
    print("OK no error")
except InferenceServerException as e:
    print("OK error")
except Exception as e:
    print("OK other", type(e).__name__)
