from app.health import server_live, server_ready


def server_checks(url, protocol, verbose=False):
    """Print and combine the server's liveness and readiness."""
    live = server_live(url, protocol, verbose)
    ready = server_ready(url, protocol, verbose=verbose)
    print("live: {}".format(live))
    print("ready: {}".format(ready))
    return live and ready
