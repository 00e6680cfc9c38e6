import time


def wait_ready(health_ctx, tries):
    """True once the server answers ready (at most `tries` polls, a tenth of a second apart)."""
    for _ in range(tries):
        if health_ctx.is_ready():
            print("ready: True")
            return True
        time.sleep(0.1)
    return False
