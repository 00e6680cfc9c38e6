#!/usr/bin/env python
# A test module that runs twice through common.infer_util: once letting common.shm_util create
# the output region (None), once handing it an output region of its own, which shm_util's
# cleanup unregisters by handle (it stays V1: the helper's registry does not hold that region).
import argparse

from tensorrtserver.api import *
import tensorrtserver.shared_memory as shm

from common import infer_util as iu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    flags = parser.parse_args()
    protocol = ProtocolType.from_str(flags.protocol)
    iu.run(flags.url, protocol, ['guard_in0', 'guard_in1', 'guard_out'])

    control = SharedMemoryControlContext(flags.url, protocol, verbose=False)
    own = shm.create_shared_memory_region('guard_own_data', '/guard_own', 64)
    control.register(own)
    iu.run(flags.url, protocol, ['guard_in2', 'guard_in3', 'unused'], [own])
    shm.destroy_shared_memory_region(own)
    print("PASS")


if __name__ == '__main__':
    main()
