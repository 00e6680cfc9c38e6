import tensorrtserver.shared_memory as shm


def make_regions(control, names, byte_size):
    """Create a system shared-memory region per name, register each, and hand the handles back."""
    handles = []
    for name in names:
        handle = shm.create_shared_memory_region(name, "/" + name, byte_size)
        control.register(handle)
        handles.append(handle)
    return handles


def release(control, handles):
    """Unregister and destroy regions that the caller's module received from make_regions()."""
    for handle in handles:
        control.unregister(handle)
        shm.destroy_shared_memory_region(handle)
