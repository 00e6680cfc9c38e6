"""Property test: a region read by constant index from a list of regions names the right region.

Hypothesis draws V1 programs where a helper returns a list literal of system
regions (with literal or computed arguments), the caller changes the list or
not (append, extend, reverse, element assignment, pop, insert, del, a call
that may reorder it) before and after ``control.unregister(handles[i])``,
possibly in a loop, and migrates each with the engine.  The oracle runs the
same list operations on the region names: whenever the tool names a region in
``unregister_system_shared_memory(...)``, it must be the region the list holds
at that index when V1 reads it (and the order must be knowable without running
the program); otherwise the context stays V1 and every use has a finding.
Also: the output parses, and a second run changes nothing.
"""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from helpers import migrate_checked

from triton_migrate.engine import migrate_text
from triton_migrate.settings import Settings

NAMES = ["r0", "r1", "r2"]
# operation -> (code, effect on the list of names; None: order not knowable statically)
OPS = {
    "append": ("handles.append(regions()[0])", lambda xs: xs + ["r0"]),
    "extend": ("handles.extend(regions())", lambda xs: xs + NAMES),
    "reverse": ("handles.reverse()", lambda xs: xs[::-1]),
    "assign": ("handles[0] = handles[2]", lambda xs: [xs[2]] + xs[1:]),
    "pop": ("handles.pop(0)", lambda xs: xs[1:]),
    "insert": ("handles.insert(0, handles[2])", lambda xs: [xs[2]] + xs),
    "delete": ("del handles[0]", lambda xs: xs[1:]),
    "touch": ("touch(handles)", None),
    "read": ("print(handles[1])", lambda xs: xs),
}


def render(literal: bool, before: list[str], after: list[str], index: int, looped: bool) -> str:
    size = "16" if literal else "size"
    lines = [
        "import tensorrtserver.shared_memory as shm",
        "from tensorrtserver.api import *",
        "",
        "",
        "def regions(size=16):",
        *[f"    {n} = shm.create_shared_memory_region({n!r}, '/{n}', {size})" for n in NAMES],
        f"    return [{', '.join(NAMES)}]",
        "",
        "",
        "def touch(xs):",
        "    xs.sort(key=id)",
        "",
        "",
        "def main(url):",
        "    handles = regions()",
        *[f"    {OPS[op][0]}" for op in before],
        "    control = SharedMemoryControlContext(url, ProtocolType.HTTP)",
    ]
    if looped:
        lines += ["    for _ in range(2):", f"        control.unregister(handles[{index}])"]
    else:
        lines += [f"    control.unregister(handles[{index}])"]
    lines += [f"    {OPS[op][0]}" for op in after]
    return "\n".join(lines) + "\n"


def expected_name(before: list[str], index: int, looped: bool, after: list[str]) -> str | None:
    """The region ``handles[index]`` holds when V1 reads it, or None when not knowable statically.

    The loop body holds only the read, and the operations after it follow the loop, so
    every iteration reads the same element."""
    names = list(NAMES)
    for op in before:
        effect = OPS[op][1]
        if effect is None:
            return None
        names = effect(names)
    return names[index] if index < len(names) else None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(literal=st.booleans(), before=st.lists(st.sampled_from(sorted(OPS)), max_size=2),
       after=st.lists(st.sampled_from(sorted(OPS)), max_size=2), index=st.integers(0, 2), looped=st.booleans())
def test_indexed_region_is_the_one_v1_reads(literal: bool, before: list[str], after: list[str], index: int,
                                            looped: bool) -> None:
    text = render(literal, before, after, index, looped)
    _first, new = migrate_checked(text)
    converted = re.findall(r"unregister_system_shared_memory\((['\"])(\w+)\1\)", new)
    if not converted:
        assert "control.unregister(handles[" in new  # stayed V1, reported above
        return
    want = expected_name(before, index, looped, after)
    assert want is not None, f"converted although the list's order is not knowable:\n{new}"
    assert literal, f"converted a region whose arguments are not literals here:\n{new}"
    assert [name for _q, name in converted] == [want], new


def test_the_plain_shape_converts() -> None:
    """Nothing done to the list: the read names its region (the property would pass vacuously otherwise)."""
    new = migrate_text(render(True, [], ["touch"], 2, False), "shape.py", Settings()).new or ""
    assert 'control.unregister_system_shared_memory("r2")' in new or \
        "control.unregister_system_shared_memory('r2')" in new, new
