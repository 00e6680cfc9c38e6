"""The rule registry: discovery, and the check that each rule defines the hooks its carriers call."""
from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pytest

from triton_migrate.carriers import all_carriers
from triton_migrate.rules import Rule, RuleHookError, all_rules, check_hooks

CARRIER_SOURCES = Path(__file__).resolve().parent.parent / "triton_migrate" / "carriers"


def _fake_rule(monkeypatch: pytest.MonkeyPatch, carriers: tuple[str, ...], **hooks: object) -> Rule:
    module = types.ModuleType("fake_rule_for_hooks")
    for name, value in hooks.items():
        setattr(module, name, value)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    return Rule(module.__name__, summary="x", carriers=carriers, fix="safe", doc="x")


def test_every_rule_defines_a_hook_of_each_of_its_carriers() -> None:
    carriers = {c.name: c for c in all_carriers()}
    for rule in all_rules():
        check_hooks(rule, carriers)


def test_a_missing_hook_names_the_rule_and_the_hooks(monkeypatch: pytest.MonkeyPatch) -> None:
    carriers = {c.name: c for c in all_carriers()}
    # A misspelt hook: the python carrier calls `transform`.
    rule = _fake_rule(monkeypatch, ("python", "shell"), transfrom=lambda w, c: w,
                      rewrite_command=lambda c, x: [])
    with pytest.raises(RuleHookError, match=r"rule fake_rule_for_hooks .* python carrier, which calls `transform`"):
        check_hooks(rule, carriers)
    shell_only = _fake_rule(monkeypatch, ("shell",), transform=lambda w, c: w)
    with pytest.raises(RuleHookError, match="`rewrite_command` or `rewrite_assignment` or `rewrite_text`"):
        check_hooks(shell_only, carriers)
    good = _fake_rule(monkeypatch, ("shell", "*"), rewrite_text=lambda t, c: [])
    check_hooks(good, carriers)


def test_an_unknown_carrier_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    carriers = {c.name: c for c in all_carriers()}
    rule = _fake_rule(monkeypatch, ("shel",), rewrite_text=lambda t, c: [])
    with pytest.raises(RuleHookError, match="rule fake_rule_for_hooks: no carrier is named 'shel'"):
        check_hooks(rule, carriers)


def test_every_carrier_declares_the_hooks_it_calls() -> None:
    """The hook names each carrier module looks up on a rule module are in its ``hooks``
    (for a helper module of the package: in the hooks of some carrier)."""
    by_module = {type(c).__module__.rsplit(".", 1)[-1]: c for c in all_carriers()}
    every_hook = {hook for c in all_carriers() for hook in c.hooks}
    lookup = re.compile(r"""(?:getattr|hasattr)\(\w+\.impl, "(\w+)"|\.impl\.(\w+)\(""")
    for path in sorted(CARRIER_SOURCES.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        called = {a or b for a, b in lookup.findall(text)}
        for line in text.splitlines():
            if "run_report_rules(" in line and "def " not in line:
                called.update(re.findall(r'"(\w+)"', line))
        carrier = by_module.get(path.stem)
        if carrier is None:  # the package's __init__ or a helper module
            assert called <= every_hook, f"{path.name} calls hooks no carrier declares: {sorted(called - every_hook)}"
            continue
        assert carrier.hooks, f"carrier {carrier.name} declares no hooks"
        undeclared = called - set(carrier.hooks)
        assert not undeclared, f"{path.name} calls hooks it does not declare: {sorted(undeclared)}"
        for hook in carrier.hooks:
            assert f"``{hook}" in (sys.modules[type(carrier).__module__].__doc__ or "") + \
                (type(carrier).__doc__ or ""), f"{path.name}: document the {hook} hook in the docstring"
