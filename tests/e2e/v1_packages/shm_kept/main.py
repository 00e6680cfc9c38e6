#!/usr/bin/env python
# Regions created in a helper module and unregistered by handle in the caller's
# module and in another helper: the handles cross module boundaries, and the
# module that unregisters them does not see their creation.
import argparse

from tensorrtserver.api import *

from pool.regions import make_regions, release


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    flags = parser.parse_args()
    control = SharedMemoryControlContext(flags.url, ProtocolType.from_str(flags.protocol), verbose=False)
    handles = make_regions(control, ['kept_a', 'kept_b'], 64)
    control.unregister(handles[0])
    control.register(handles[0])
    release(control, handles)
    print("PASS")


if __name__ == '__main__':
    main()
