import numpy as np
from tensorrtserver.api import InferContext


class AddSubClient:
    """Sends rows to the "simple" model through a context kept on the instance."""

    def __init__(self, url, protocol, verbose=False):
        self.ctx = InferContext(url, protocol, "simple", -1, verbose)

    def add_sub(self, input0, input1):
        result = self.ctx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                              {'OUTPUT0': InferContext.ResultFormat.RAW,
                               'OUTPUT1': InferContext.ResultFormat.RAW},
                              batch_size=1)
        return result['OUTPUT0'][0], result['OUTPUT1'][0]

    def close(self):
        self.ctx.close()
