from tensorrtserver.api import InferContext


def make_context(url, protocol, verbose=False):
    """A context for the "simple" model."""
    return InferContext(url, protocol, "simple", -1, verbose)


def add_sub(ctx, input0, input1):
    """One request through a context the caller built."""
    result = ctx.run({'INPUT0': (input0,), 'INPUT1': (input1,)},
                     {'OUTPUT0': InferContext.ResultFormat.RAW,
                      'OUTPUT1': InferContext.ResultFormat.RAW},
                     batch_size=1)
    return result['OUTPUT0'][0], result['OUTPUT1'][0]
