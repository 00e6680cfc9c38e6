"""The rule registry: rules declare themselves; the engine never names one.

Each module in ``triton_migrate.codemods`` (the repository's ``codemods/``
folder) defines ``RULE = Rule(__name__, ...)`` and the hooks its carriers call.
The module name is the rule id, the fixture folder, the docs page and the CLI
value.
"""
from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from functools import lru_cache

from triton_migrate.carriers import Carrier, all_carriers
from triton_migrate.rule import EVERY_CARRIER, FIX_KINDS, Fix, Rule

__all__ = ["ENGINE_RULES", "EVERY_CARRIER", "FIX_KINDS", "Fix", "Rule", "all_rules", "any_needles", "get_rule",
           "rules_by_id", "rules_for"]

# Engine-level rules: what happens to files the tool cannot process.  They live
# here because no codemod can produce them; they are listed and documented like
# any other rule.
ENGINE_RULES: tuple[Rule, ...] = (
    Rule("unparsable_file", "A file the tool would process does not parse (Python 2, a template, broken YAML); it was left byte-identical.",
         ("*",), "report-only", doc="A file that may hold V1 usages could not be parsed by its carrier, so nothing in it was changed.\n\n"
         "## What to do\nFix the syntax, or port the file by hand. Python 2 files must move to Python 3 first (the V2 client is Python 3 only): "
         "`--fix-python2` converts them with fissix and migrates the result in the same run."),
    Rule("python2_converted", "With --fix-python2: a Python 2 file was converted to Python 3 with fissix before it was migrated.",
         ("*",), "review", doc="The file did not parse as Python 3 but did as Python 2, and `--fix-python2` was given: "
         "the standard fixers of fissix (the maintained fork of lib2to3; the explicit-only fixers are not run) converted it "
         "(print statements, `except X, e`, `dict.has_key`, `iteritems`, implicit relative imports, ...), then the V1 "
         "rules migrated the result. The finding lists the fixers that changed something.\n\n"
         "## What to do\nReview the diff like any 2to3 output: integer division, `str`/`bytes` and `dict` views "
         "keep their Python 2 meaning only where the fixers could tell."),
    Rule("undecodable_file", "A file that may hold V1 usages is not valid in its encoding (not UTF-8, no coding cookie); it was left byte-identical.",
         ("*",), "report-only", doc="The file contains V1 names but its bytes are not UTF-8 (and, for Python, do not match the declared `# -*- coding: ... -*-`).\n\n"
         "## What to do\nConvert the file to UTF-8 (or declare its encoding for Python files) and run the tool again."),
    Rule("binary_file", "A binary file (NUL bytes) contains V1 names; it was not touched.",
         ("*",), "report-only", doc="A binary file (for example a compiled library or an archive) contains V1 names such as `trtserver` or `tensorrtserver`.\n\n"
         "## What to do\nRebuild the artefact from migrated sources."),
    Rule("unreadable_file", "A file could not be read (permissions, broken symlink, symlink loop, symlink out of the tree).",
         ("*",), "report-only", doc="The file could not be read or is a symbolic link the tool will not follow (a loop, or a target outside the tree). Nothing was written.\n\n"
         "## What to do\nCheck the permissions or the link, and run the tool on the real file."),
    Rule("model_load_failure", "With --strict: a model of a --model-repository does not load in a real tritonserver.",
         ("*",), "report-only", doc="With `--strict`, each `--model-repository` is loaded by a real `tritonserver` (from the "
         "nvidia-pytriton wheel, PATH, or /opt/tritonserver) in explicit model-control mode, and every model whose state is not "
         "READY is reported with the server's reason.\n\n## What to do\nFix the configuration or port the backend the reason "
         "names (V1 custom backends and Caffe2 models no longer load; see model-repository.md)."),
    Rule("internal_error", "A rule failed on this file; the file was left byte-identical.",
         ("*",), "report-only", doc="A rule raised an unexpected error, or produced output that does not parse. The file was left as it was.\n\n"
         "## What to do\nPlease report it with the file (or a reduced copy); port the file by hand meanwhile."),
)


class RuleHookError(RuntimeError):
    """A rule names a carrier but defines none of the hooks that carrier calls."""


def check_hooks(rule: Rule, carriers: dict[str, Carrier]) -> None:
    """Each carrier a rule names must find at least one of its hooks in the rule module.

    Otherwise the rule would silently do nothing there (a misspelt hook, a
    carrier added to ``carriers=`` by mistake).
    """
    for name in rule.carriers:
        if name == EVERY_CARRIER:  # engine-level rules
            continue
        carrier = carriers.get(name)
        if carrier is None:
            raise RuleHookError(f"rule {rule.id}: no carrier is named {name!r} (known: {', '.join(sorted(carriers))})")
        if not carrier.hooks:
            raise RuleHookError(f"carrier {name} declares no hooks: list the rule functions it calls in "
                                f"{type(carrier).__name__}.hooks")
        module = rule.impl
        if not any(callable(getattr(module, hook, None)) for hook in carrier.hooks):
            wanted = " or ".join(f"`{hook}`" for hook in carrier.hooks)
            raise RuleHookError(f"rule {rule.id} ({module.__name__}) runs on the {name} carrier, "
                                f"which calls {wanted}; the rule defines none of them")


@lru_cache(maxsize=1)
def all_rules() -> tuple[Rule, ...]:
    """Every rule: the discovered codemods, then the engine-level rules.

    Raises ``RuleHookError`` when a rule misses the hooks of a carrier it names.
    """
    import triton_migrate.codemods as package

    found: list[Rule] = []
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rule = getattr(module, "RULE", None)
        if not isinstance(rule, Rule):
            raise RuntimeError(f"codemod module {module.__name__} defines no RULE")
        if rule.id != info.name:
            raise RuntimeError(f"rule id {rule.id!r} must equal its module name {info.name!r}")
        found.append(rule)
    carriers = {carrier.name: carrier for carrier in all_carriers()}
    for rule in found:
        check_hooks(rule, carriers)
    found.sort(key=lambda r: (r.order, r.id))
    return tuple(found) + ENGINE_RULES


def rules_by_id() -> dict[str, Rule]:
    return {rule.id: rule for rule in all_rules()}


def get_rule(rule_id: str) -> Rule:
    try:
        return rules_by_id()[rule_id]
    except KeyError:
        raise KeyError(f"unknown rule {rule_id!r}") from None


@lru_cache(maxsize=None)
def rules_for(carrier: str) -> tuple[Rule, ...]:
    return tuple(r for r in all_rules() if carrier in r.carriers)


def any_needles(rules: Iterable[Rule]) -> tuple[bytes, ...] | None:
    """The fewest needles that tell whether any of ``rules`` may apply (None: always).

    A needle that contains another one adds nothing to an "any of" search, so
    it is dropped; each file is then scanned a handful of times, not once per rule.
    """
    needles: set[bytes] = set()
    for rule in rules:
        if not rule.needles:
            return None
        needles.update(rule.needles)
    kept = [n for n in needles if not any(o != n and o in n for o in needles)]
    return tuple(sorted(kept, key=lambda n: (len(n), n)))
