"""seqcross.scan: a method parameter proven to receive only lists of its class's own factory methods."""
from triton_migrate.seqcross import scan

HELPER = '''
import unittest
import tensorrtserver.shared_memory as shm


class Util(unittest.TestCase):
    def precreate(self, values, i):
        if USE_SHM:
            handles = []
            for j, value in enumerate(values):
                ip = shm.create_shared_memory_region("ip%d%d" % (i, j), "/ip%d%d" % (i, j), 4)
                op = shm.create_shared_memory_region("op%d%d" % (i, j), "/op%d%d" % (i, j), 4)
                handles.append(ip)
                handles.append(op)
            return handles
        else:
            return []

    def check_async(self, model, values, handles, batch_size=1):
        for k, value in enumerate(values):
            info = (handles[2 * k], (1,))
'''

CALLER = '''
import threading
import helper_util as hu


class Test(hu.Util):
    def test_x(self):
        pre = self.precreate((1, 2), 0)
        threads = [threading.Thread(target=self.check_async, args=("m", (1, 2), pre), kwargs={"batch_size": 1})]
        self.check_async("m", (1,), None)
'''


def test_every_caller_passes_a_factory_list() -> None:
    found = scan([("pkg/helper_util.py", HELPER), ("pkg/test_x.py", CALLER)])
    assert found == {"pkg/helper_util.py": {"Util.check_async": {"handles": ("precreate",)}}}


def test_no_caller_in_the_run_proves_nothing() -> None:
    assert scan([("pkg/helper_util.py", HELPER)]) == {}


def test_a_caller_passing_another_list_proves_nothing() -> None:
    other = CALLER.replace('self.check_async("m", (1,), None)', 'self.check_async("m", (1,), [h0, h1])')
    assert scan([("pkg/helper_util.py", HELPER), ("pkg/test_x.py", other)]) == {}


def test_a_list_changed_by_the_caller_proves_nothing() -> None:
    other = CALLER.replace("        threads =", "        pre.append(extra)\n        threads =")
    assert scan([("pkg/helper_util.py", HELPER), ("pkg/test_x.py", other)]) == {}


def test_a_reference_the_scan_does_not_follow_proves_nothing() -> None:
    other = CALLER + "\n\ndef run(t):\n    f = t.check_async\n"
    assert scan([("pkg/helper_util.py", HELPER), ("pkg/test_x.py", other)]) == {}


def test_a_subclass_overriding_the_factory_proves_nothing() -> None:
    other = CALLER + "\n    def precreate(self, values, i):\n        return [object()]\n"
    assert scan([("pkg/helper_util.py", HELPER), ("pkg/test_x.py", other)]) == {}


def test_a_parameter_used_otherwise_proves_nothing() -> None:
    helper = HELPER + "            handles = list(handles)\n"
    assert scan([("pkg/helper_util.py", helper), ("pkg/test_x.py", CALLER)]) == {}
