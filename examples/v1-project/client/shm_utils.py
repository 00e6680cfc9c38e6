"""Helpers that stage request tensors in system shared memory."""
import tensorrtserver.shared_memory as shm


def stage(name, key, arrays):
    byte_size = sum(a.nbytes for a in arrays)
    handle = shm.create_shared_memory_region(trtis_shm_name=name, shm_key=key, byte_size=byte_size)
    shm.set_shared_memory_region(handle, arrays)
    return handle


def release(handle):
    shm.destroy_shared_memory_region(handle)
