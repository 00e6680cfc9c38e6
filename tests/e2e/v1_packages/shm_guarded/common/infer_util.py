# What the test modules call: regions from shm_util, used, then cleaned up by shm_util; a test
# may hand its own output region (precreated_regions), which shm_util then leaves to it.
import numpy as np

from common import shm_util as su


def run(url, protocol, names, precreated_regions=None):
    values = np.arange(16, dtype=np.int32)
    handles = su.create_register_set_regions(url, protocol, names, values, precreated_regions)
    print("regions: %d" % len(handles))
    su.unregister_cleanup_regions(url, protocol, handles, precreated_regions)
