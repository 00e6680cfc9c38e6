from tensorrtserver.api import ServerHealthContext


def server_live(url, protocol, verbose=False):
    ctx = ServerHealthContext(url, protocol, verbose)
    live = ctx.is_live()
    ctx.close()
    return live


def server_ready(url, protocol, verbose=False):
    ctx = ServerHealthContext(url, protocol, verbose=verbose)
    ready = ctx.is_ready()
    ctx.close()
    return ready
