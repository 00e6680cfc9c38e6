#!/usr/bin/env python
# Health, status, model-control and shared-memory contexts kept in
# containers: a list of health contexts checked in a loop, a list of status
# contexts read for a model's configuration, a dict of model-control
# contexts by role, a queue holding a shared-memory control context.
import argparse
import queue
import sys
import time

from tensorrtserver.api import *


def wait_ready(checks, tries=50):
    for _ in range(tries):
        if all(h.is_ready() for h in checks):
            return True
        time.sleep(0.2)
    return False


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('-v', '--verbose', action="store_true", required=False, default=False)
    parser.add_argument('-u', '--url', type=str, required=False, default='localhost:8000')
    parser.add_argument('-i', '--protocol', type=str, required=False, default='http')
    FLAGS = parser.parse_args()
    protocol = ProtocolType.from_str(FLAGS.protocol)

    checks = [ServerHealthContext(FLAGS.url, protocol, verbose=FLAGS.verbose) for _ in range(2)]
    for index, check in enumerate(checks):
        print("check {}: live {} ready {}".format(index, check.is_live(), check.is_ready()))

    statuses = [ServerStatusContext(FLAGS.url, protocol, "simple", verbose=FLAGS.verbose)]
    for status_ctx in statuses:
        status = status_ctx.get_server_status()
        print("simple max_batch_size: {}".format(status.model_status["simple"].config.max_batch_size))

    controls = {"main": ModelControlContext(FLAGS.url, protocol),
                "spare": ModelControlContext(FLAGS.url, protocol)}
    controls["main"].unload("simple")
    controls["spare"].load("simple")
    print("reloaded simple")

    regions = queue.Queue()
    regions.put(SharedMemoryControlContext(FLAGS.url, protocol))
    shm_control = regions.get()
    shm_control.unregister_all()
    regions.put(shm_control)
    print("shared memory cleared")

    for check in checks:
        check.close()
    for control in controls.values():
        control.close()
    print("PASS")


if __name__ == '__main__':
    main()
