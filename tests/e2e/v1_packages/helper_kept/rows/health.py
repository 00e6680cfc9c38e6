from tensorrtserver.api import ServerHealthContext


def server_live(url, protocol):
    health_ctx = ServerHealthContext(url, protocol)
    live = health_ctx.is_live()
    health_ctx.close()
    return live
