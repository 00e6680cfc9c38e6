import tensorrtserver.shared_memory as shm


def register_region(shm_ctx, name, byte_size):
    """Create a system shared-memory region called `name` and register it with the server."""
    handle = shm.create_shared_memory_region(name, "/" + name, byte_size)
    shm_ctx.register(handle)
    return handle


def release_all(shm_ctx):
    shm_ctx.unregister_all()
