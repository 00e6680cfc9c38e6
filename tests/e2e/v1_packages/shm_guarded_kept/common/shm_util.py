# Regions for a test: two input regions always created here, an output region created
# here unless the caller hands its own (precreated), all registered with a control context
# of this module; the cleanup unregisters the output region even when the caller made it
# (outside what the tool proves: the helper module's registry does not hold that region).
import numpy as np

from tensorrtserver.api import *
import tensorrtserver.shared_memory as shm


def create_register_set_regions(url, protocol, names, values, precreated):
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    byte_size = values.nbytes
    handles = []
    ip0_handle = shm.create_shared_memory_region(names[0] + '_data', '/' + names[0], byte_size)
    ip1_handle = shm.create_shared_memory_region(names[1] + '_data', '/' + names[1], byte_size)
    shm.set_shared_memory_region(ip0_handle, [values])
    shm.set_shared_memory_region(ip1_handle, [values])
    control.register(ip0_handle)
    control.register(ip1_handle)
    handles.extend([ip0_handle, ip1_handle])
    if precreated is None:
        op_handle = shm.create_shared_memory_region(names[2] + '_data', '/' + names[2], byte_size)
        control.register(op_handle)
    else:
        op_handle = precreated[0]
    handles.append(op_handle)
    return handles


def unregister_cleanup_regions(url, protocol, handles, precreated):
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    control.unregister(handles[0])
    control.unregister(handles[1])
    shm.destroy_shared_memory_region(handles[0])
    shm.destroy_shared_memory_region(handles[1])
    control.unregister(handles[2])
    if precreated is None:
        shm.destroy_shared_memory_region(handles[2])
