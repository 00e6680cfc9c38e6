#!/usr/bin/env python
# Regions created in a helper module, unregistered and registered again by handle in
# the caller's module (which reaches the helper through a module alias), and released
# by another helper of the same module: the handles cross module boundaries.
import argparse

from tensorrtserver.api import *

from pool import regions


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    flags = parser.parse_args()
    control = SharedMemoryControlContext(flags.url, ProtocolType.from_str(flags.protocol), verbose=False)
    handles = regions.make_regions(control, ['cross_a', 'cross_b'], 64)
    control.unregister(handles[0])
    control.register(handles[0])
    regions.release(control, handles)
    print("PASS")


if __name__ == '__main__':
    main()
