"""Shared-memory regions crossing modules (triton_migrate.shmcross): the factory shape, the decisions,
the views and the check.  The migrated package runs against a real server in
tests/e2e/test_migrated_packages.py (shm_cross; shm_kept is the twin that stays V1)."""
from __future__ import annotations

import ast
import textwrap

from triton_migrate import crossfile, shmcross

REGIONS = textwrap.dedent('''\
    from tensorrtserver.api import *
    import tensorrtserver.shared_memory as shm


    def make_regions(control, names, size):
        handles = []
        for name in names:
            handle = shm.create_shared_memory_region(name, "/" + name, size)
            control.register(handle)
            handles.append(handle)
        return handles


    def release(control, handles):
        for handle in handles:
            control.unregister(handle)
''')
MAIN = textwrap.dedent('''\
    from tensorrtserver.api import *
    from pool import regions


    def main(url):
        control = SharedMemoryControlContext(url, ProtocolType.HTTP)
        handles = regions.make_regions(control, ["a"], 64)
        control.unregister(handles[0])
        regions.release(control, handles)
''')


def _factory(source: str) -> bool:
    return shmcross.is_factory(ast.parse(textwrap.dedent(source)).body[0])


def test_a_factory_returns_only_the_regions_it_creates() -> None:
    assert _factory(REGIONS.split("\n\n\n")[1])
    # a handle it did not create (a caller's region) goes into the list: not a factory
    assert not _factory('''\
        def make(names, precreated):
            handles = []
            for i, name in enumerate(names):
                if precreated is None:
                    handle = shm.create_shared_memory_region(name, "/" + name, 64)
                else:
                    handle = precreated[i]
                handles.append(handle)
            return handles
    ''')
    assert not _factory('''\
        def make(names):
            handles = []
            handles.append(shm.create_shared_memory_region("a", "/a", 64))
            return handles
    ''')
    assert not _factory('''\
        def make(names, more):
            handles = []
            handle = shm.create_shared_memory_region("a", "/a", 64)
            handles.append(handle)
            handles.extend(more)
            return handles
    ''')
    assert not _factory('''\
        def make(name):
            return [shm.create_shared_memory_region(name, "/" + name, 64)]
    ''')
    assert not _factory('''\
        def make(names, other):
            handles = []
            handle = shm.create_shared_memory_region("a", "/a", 64)
            handle, spare = other
            handles.append(handle)
            return handles
    ''')
    assert not _factory('''\
        def make(handle, first):
            handles = []
            if not first:
                handle = shm.create_shared_memory_region("a", "/a", 64)
            handles.append(handle)
            return handles
    ''')


def _index(files: dict[str, str], migrating=None) -> crossfile.RunIndex:
    index = crossfile.build([(p, p, t) for p, t in files.items()])
    index.decide(files if migrating is None else migrating)
    return index


def test_the_helper_exports_its_registry_and_the_caller_reads_it_through_the_alias() -> None:
    index = _index({"pool/regions.py": REGIONS, "main.py": MAIN})
    helper, caller = index.view("pool/regions.py"), index.view("main.py")
    assert helper.shm_export == {"make_regions"}
    assert helper.shm_params == {"release": {"handles": "make_regions"}}
    assert caller.shm_made == {"regions.make_regions": "regions"}
    assert caller.passes["regions._v1_unregister"] == (("client", "handle"), frozenset({"client"}))


def test_a_list_changed_by_the_caller_or_a_caller_outside_the_run_keeps_everything_v1() -> None:
    changed = MAIN.replace("    control.unregister(handles[0])\n",
                           "    handles.append(None)\n    control.unregister(handles[0])\n")
    assert changed != MAIN
    index = _index({"pool/regions.py": REGIONS, "main.py": changed})
    assert not index.view("pool/regions.py").shm_params  # release() may get a value the factory did not make
    index = _index({"pool/regions.py": REGIONS, "main.py": MAIN}, migrating=["pool/regions.py"])
    assert not index.view("pool/regions.py").shm_export and not index.view("main.py").shm_made


def test_a_helper_that_binds_a_registry_name_exports_nothing() -> None:
    own = REGIONS + "\n\ndef _v1_unregister(control, handle):\n    control.unregister(handle)\n"
    index = _index({"pool/regions.py": own, "main.py": MAIN})
    assert not index.view("pool/regions.py").shm_export and not index.view("main.py").shm_made
    assert shmcross.registry_names_taken(ast.parse("from x import _v1_register"))
    assert not shmcross.registry_names_taken(ast.parse(REGIONS))


def test_check_flips_the_factory_when_the_helper_does_not_define_what_the_caller_calls() -> None:
    index = _index({"pool/regions.py": REGIONS, "main.py": MAIN})
    new_main = MAIN.replace("control.unregister(handles[0])", "regions._v1_unregister(control, handles[0])") \
        .replace("SharedMemoryControlContext(url, ProtocolType.HTTP)", "httpclient.InferenceServerClient(url)")
    # the helper converted its own uses but defines no registry functions
    new_helper = REGIONS.replace("control.register(handle)", "control.register_system_shared_memory(name, '/' + name, size)") \
        .replace("control.unregister(handle)", "control.unregister_system_shared_memory(handle)")
    flipped = index.check({"pool/regions.py": new_helper, "main.py": new_main})
    assert ("pool/regions.py", "make_regions") in flipped
    assert "registry" in index.reasons[("pool/regions.py", "make_regions")]
    index.decide(index.migrating)
    assert not index.view("pool/regions.py").shm_export and not index.view("main.py").shm_made


def test_the_registry_names_are_the_registry_module_s() -> None:
    from triton_migrate.v1client.shmregistry import NAMES

    assert shmcross.REGISTRY_NAMES == set(NAMES)


GUARDED = textwrap.dedent('''\
    from tensorrtserver.api import *
    import tensorrtserver.shared_memory as shm


    def create(names, size, precreated):
        control = SharedMemoryControlContext("localhost:8000", ProtocolType.HTTP)
        handles = []
        ip = shm.create_shared_memory_region(names[0], "/" + names[0], size)
        control.register(ip)
        handles.extend([ip])
        if precreated is None:
            op = shm.create_shared_memory_region(names[1], "/" + names[1], size)
            control.register(op)
        else:
            op = precreated[0]
        handles.append(op)
        return handles


    def cleanup(handles, precreated):
        control = SharedMemoryControlContext("localhost:8000", ProtocolType.HTTP)
        control.unregister(handles[0])
        if precreated is None:
            control.unregister(handles[1])
''')
GUARDED_CALLER = textwrap.dedent('''\
    from common import util as su


    def run(names, precreated=None):
        handles = su.create(names, 64, precreated)
        su.cleanup(handles, precreated)
''')


def _guarded(source: str):
    return shmcross.guarded_factory(ast.parse(textwrap.dedent(source)).body[0])


def test_a_guarded_factory_holds_foreign_regions_only_past_its_created_prefix() -> None:
    create = GUARDED.split("\n\n\n")[1]
    assert _guarded(create) == ("precreated", 1)
    # the foreign entry assigned outside the ``else`` of ``if precreated is None``
    assert _guarded(create.replace("    else:\n        op = precreated[0]\n", "").replace(
        "    handles.append(op)", "    op = precreated[0]\n    handles.append(op)")) is None
    # the guard tested is another parameter's
    assert _guarded(create.replace("def create(names, size, precreated)", "def create(names, size, precreated, other)")
                    .replace("if precreated is None", "if other is None")) is None
    # the guard parameter rebound
    assert _guarded(create.replace("    handles = []\n", "    handles = []\n    precreated = None\n")) is None
    # no created prefix before the foreign append: K = 0 (only guarded unregisters convert)
    assert _guarded(create.replace("    handles.extend([ip])\n", "").replace(
        "    return handles", "    handles.append(ip)\n    return handles")) == ("precreated", 0)


def test_a_guarded_cleanup_converts_when_its_guard_receives_what_the_factory_did() -> None:
    index = _index({"common/util.py": GUARDED, "main.py": GUARDED_CALLER})
    view = index.view("common/util.py")
    assert view.shm_export == {"create"} and view.shm_guarded == {"create"}
    assert view.shm_params == {"cleanup": {"handles": "create"}}
    assert view.shm_guards == {"cleanup": {"handles": ("precreated", 1)}}
    # the caller passes the cleanup another value than the factory's: no guarded unregister converts
    other = GUARDED_CALLER.replace("su.cleanup(handles, precreated)", "su.cleanup(handles, None)")
    assert not _index({"common/util.py": GUARDED, "main.py": other}).view("common/util.py").shm_params
    rebound = GUARDED_CALLER.replace("    su.cleanup", "    precreated = None\n    su.cleanup")
    assert not _index({"common/util.py": GUARDED, "main.py": rebound}).view("common/util.py").shm_params
    # None given to the factory: every entry is its own, whatever the cleanup gets
    literal = GUARDED_CALLER.replace("su.create(names, 64, precreated)", "su.create(names, 64, None)")
    assert _index({"common/util.py": GUARDED, "main.py": literal}).view("common/util.py").shm_params


def test_a_cleanup_that_changes_or_passes_on_the_list_keeps_its_unregisters_v1() -> None:
    for change in ("    handles.insert(0, precreated)\n", "    other(handles)\n", "    handles[0] = None\n"):
        cleanup = GUARDED.replace("    control.unregister(handles[0])\n", change + "    control.unregister(handles[0])\n")
        assert not _index({"common/util.py": cleanup, "main.py": GUARDED_CALLER}).view("common/util.py").shm_params
