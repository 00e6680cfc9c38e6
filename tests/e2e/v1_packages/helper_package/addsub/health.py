from tensorrtserver.api import ServerHealthContext


def server_ready(url, protocol, verbose=False):
    """True when the server at `url` answers live and ready."""
    health_ctx = ServerHealthContext(url, protocol, verbose=verbose)
    live = health_ctx.is_live()
    ready = health_ctx.is_ready()
    health_ctx.close()
    print("live: {}".format(live))
    print("ready: {}".format(ready))
    return live and ready
