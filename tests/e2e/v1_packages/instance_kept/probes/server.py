from tensorrtserver.api import ServerHealthContext


class Probe:
    """Asks one server whether it is live and ready, over the protocol each call names."""

    def __init__(self, url, verbose=False):
        self.url = url
        self.verbose = verbose

    def live(self, protocol):
        ctx = ServerHealthContext(self.url, protocol, self.verbose)
        return ctx.is_live()

    def ready(self, protocol):
        ctx = ServerHealthContext(self.url, protocol, self.verbose)
        return ctx.is_ready()
