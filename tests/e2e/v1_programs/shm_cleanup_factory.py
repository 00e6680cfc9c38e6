#!/usr/bin/env python
# Output regions made by a module-level factory that returns them as a list,
# the way V1 batcher tests prepare them before each test, and unregistered by
# a cleanup function that only receives the list: the handle's creation is
# not visible where it is unregistered. The server's shared-memory status is
# counted before and after.
import argparse
import sys

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *

FLAGS = None


def _create_advance(url, protocol, shm_regions=None):
    precreated_shm_regions = []
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    if shm_regions is None:
        shm_regions = ['output0', 'output1']
    for shm_region in shm_regions:
        shm_tmp_handle = shm.create_shared_memory_region('cf_' + shm_region + '_data', '/e2e_cf_' + shm_region, 64)
        control.register(shm_tmp_handle)
        precreated_shm_regions.append(shm_tmp_handle)
    return precreated_shm_regions


def _cleanup_after(url, protocol, shm_handles):
    if len(shm_handles) != 0:
        control = SharedMemoryControlContext(url, protocol, verbose=False)
        for shm_tmp_handle in shm_handles:
            control.unregister(shm_tmp_handle)
            shm.destroy_shared_memory_region(shm_tmp_handle)


def _count(url, protocol):
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    status = control.get_shared_memory_status()
    return len(status.shared_memory_region)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    flags = parser.parse_args()
    protocol = ProtocolType.from_str(flags.protocol)
    try:
        first = _create_advance(flags.url, protocol)
        second = _create_advance(flags.url, protocol, ['op10', 'op11', 'op12'])
        print("registered: {}".format(_count(flags.url, protocol)))
        _cleanup_after(flags.url, protocol, first)
        print("after the first cleanup: {}".format(_count(flags.url, protocol)))
        _cleanup_after(flags.url, protocol, second)
        print("after the second cleanup: {}".format(_count(flags.url, protocol)))
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")


if __name__ == '__main__':
    main()
