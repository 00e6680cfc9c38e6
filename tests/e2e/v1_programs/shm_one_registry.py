#!/usr/bin/env python
# One file whose regions are needed by handle in two ways at once: an
# inference helper gets a region or a numpy list for its input (known when it
# runs), and a cleanup function unregisters output regions that a factory
# created and returned in a list. Both read the regions back by handle, so the
# migrated file keeps one table of the regions it creates.
import argparse
import sys

import numpy as np
import tensorrtserver.shared_memory as shm
from tensorrtserver.api import *


def _make_outputs(url, protocol, names):
    made = []
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    for name in names:
        out = shm.create_shared_memory_region('or_' + name, '/e2e_or_' + name, 64)
        control.register(out)
        made.append(out)
    return made


def _release(url, protocol, handles):
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    for handle in handles:
        control.unregister(handle)
        shm.destroy_shared_memory_region(handle)


def _count(url, protocol):
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    status = control.get_shared_memory_status()
    return len(status.shared_memory_region)


def _add_one(url, protocol, first, out, label):
    ctx = InferContext(url, protocol, "simple", -1, False)
    results = ctx.run({'INPUT0': first, 'INPUT1': [np.ones(16, dtype=np.int32)]},
                      {'OUTPUT0': (InferContext.ResultFormat.RAW, out)}, 1)
    total = results['OUTPUT0'][0]
    print("{}: {}".format(label, int(total.sum())))


def main(url, protocol):
    control = SharedMemoryControlContext(url, protocol, verbose=False)
    control.unregister_all()
    source = shm.create_shared_memory_region('or_source', '/e2e_or_source', 64)
    shm.set_shared_memory_region(source, [np.arange(16, dtype=np.int32)])
    control.register(source)
    target = shm.create_shared_memory_region('or_target', '/e2e_or_target', 64)
    control.register(target)
    _add_one(url, protocol, source, target, "from a region")
    _add_one(url, protocol, [np.full(16, 3, dtype=np.int32)], target, "from data")
    extra = _make_outputs(url, protocol, ['a', 'b'])
    print("registered: {}".format(_count(url, protocol)))
    _release(url, protocol, extra)
    print("after the release: {}".format(_count(url, protocol)))
    control.unregister(source)
    control.unregister(target)
    shm.destroy_shared_memory_region(source)
    shm.destroy_shared_memory_region(target)
    print("at the end: {}".format(_count(url, protocol)))


if __name__ == '__main__':
    parser = argparse.ArgumentParser()
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    try:
        main(FLAGS.url, ProtocolType.from_str(FLAGS.protocol))
    except InferenceServerException as e:
        print("failed: " + str(e))
        sys.exit(1)
    print("PASS")
