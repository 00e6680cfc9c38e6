"""Python source files, parsed with libcst; rules are libcst transforms."""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Iterator

import libcst as cst
from libcst.metadata import MetadataWrapper

from triton_migrate import crossfile
from triton_migrate.carriers import Carrier, CarrierParseError, extension, shebang
from triton_migrate.findings import Finding
from triton_migrate.analysis.cstwalk import fast_visits
from triton_migrate.analysis.metadata import wrap

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule


_PY2 = re.compile(r"^\s*(print\s+[\"'\w]|exec\s+[\"'\w])|except\s+\w+\s*,\s*\w+\s*:|\bur[\"']", re.M)


_BRACKETS = re.compile(r"[()\[\]{}]")
# CPython refuses more than 200 nested brackets; libcst's native parser can
# overflow its stack long before reporting an error, so deeper text is refused here.
MAX_NESTING = 200
# Migrations of one file: each may roll back more V1 objects the verifier found broken.
MAX_ATTEMPTS = 4
# Rules run and rules replayed from the memo of an earlier rollback round, in this process
# (for tests and bench/).
stats: Counter[str] = Counter()
# ctx.scratch key: original lines of V1 constructors the verifier rolled back -> why.
FROZEN = "python.frozen"


class FrozenLines(dict):  # type: ignore[type-arg]
    """``FROZEN``: original line of a rolled-back V1 constructor -> why.  Counts the reads
    (``reads``), so the carrier knows whether a rule's run depended on it."""

    reads = 0

    def __contains__(self, key: object) -> bool:
        self.reads += 1
        return super().__contains__(key)

    def __len__(self) -> int:
        self.reads += 1
        return super().__len__()

    def __getitem__(self, key: int) -> str:
        self.reads += 1
        return super().__getitem__(key)

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        self.reads += 1
        return super().get(key, default)

    def __iter__(self) -> Iterator[int]:
        self.reads += 1
        return super().__iter__()

    def keys(self) -> Any:
        self.reads += 1
        return super().keys()

    def values(self) -> Any:
        self.reads += 1
        return super().values()

    def items(self) -> Any:
        self.reads += 1
        return super().items()


def check_nesting(text: str) -> None:
    depth = deepest = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    line = text.count("\n", 0, match.start()) + 1
                    raise CarrierParseError(f"brackets nested more than {MAX_NESTING} levels deep at line {line}", line)
        elif depth:
            depth -= 1


def parse(text: str) -> cst.Module:
    check_nesting(text)
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        # libcst's own message carries the most accurate position.
        match = re.search(r"error at (\d+):(\d+)", exc.message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (exc.raw_line, exc.raw_column)
        hint = " (Python 2 code? the V2 client needs Python 3)" if _PY2.search(text) else ""
        raise CarrierParseError(f"syntax error at line {line}, column {column + 1}{hint}", line) from None
    except (RecursionError, MemoryError) as exc:
        raise CarrierParseError(f"too deeply nested to parse ({type(exc).__name__})") from None


class PythonCarrier(Carrier):
    """A rule module for this carrier defines ``transform(wrapper, ctx) -> cst.Module``.

    Rules run in order on one tree; after a rule changes the code, the next
    rule sees a freshly parsed tree, so positions (and metadata) are always
    those of the text it runs on; the context maps them to original lines.
    """

    name = "python"
    hooks = ("transform",)
    label = "Python 3"
    priority = 10
    self_validating = True

    def claims(self, path: str, head: bytes) -> bool:
        ext = extension(path)
        if ext in (".py", ".pyw"):
            return True
        return ext == "" and b"python" in shebang(head)

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        """Apply the rules, then let the verifier judge the output.

        A V2 client the rules produced that is still used in a V1 way is rolled
        back (its constructor is frozen, so the rules leave the whole object V1)
        and the rules run again from the original text; breakage the verifier
        cannot tie to one object rolls back the whole file.  Whatever V1 usage is
        left gets a finding (see `triton_migrate.analysis.verify`).
        """
        with fast_visits():  # libcst's visits, same callbacks, without rebuilding unchanged trees
            return self._migrate(text, ctx, rules)

    def _migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        from triton_migrate.analysis import verify as pyverify

        start = len(ctx.findings)
        frozen = FrozenLines()
        view = crossfile.view_of(ctx.settings)
        if view is not None:  # V1 objects the run-wide decisions keep V1 (a helper and its callers in other files)
            frozen.update(view.freeze)
        ctx.scratch[FROZEN] = frozen  # read by pyclient.ContextRewriter.frozen
        memo: dict[tuple[str, str], tuple[str, list[Finding]]] = {}
        code = text
        problem: str | None = None
        for _attempt in range(MAX_ATTEMPTS):
            del ctx.findings[start:]
            code = self._apply(text, ctx, rules, memo)
            problem = None if code == text else pyverify.settle(text, code, frozen)
            if problem != "":  # "" means: more objects frozen, migrate again
                break
        if problem is not None:  # not fixable by freezing objects: the whole file stays as it was
            kept = [f for f in ctx.findings[start:] if not f.applied]
            del ctx.findings[start:]
            ctx.findings.extend(kept)
            code = text
            ctx.set_current(text)
            rule = "v1_client_api" if ctx.settings.enabled("v1_client_api") else rules[0].id
            ctx.report(line=1, column=0, rule=rule, severity="error", message=(
                f"Not migrated: converting this file would have left code that fails on V2 "
                f"({problem or 'objects kept breaking after rollback'}); nothing in it was changed. "
                "Port the V1 client calls by hand (docs/python-client.md)."))
        ctx.set_current(code)
        pyverify.report_residue(text, code, ctx, start, frozen)
        ctx.rule = None
        return code

    def _apply(self, text: str, ctx: FileContext, rules: list[Rule],
               memo: dict[tuple[str, str], tuple[str, list[Finding]]] | None = None) -> str:
        """Run the rules in order on ``text``.

        ``memo`` keeps, across the rollback rounds of one file, what a rule did to a
        text when its run did not read the frozen objects: its output and findings
        depend on that text alone, so the next round replays them instead of
        running the rule again (`stats` counts both).
        """
        code = text
        ctx.set_current(text)
        frozen = ctx.scratch.get(FROZEN)
        # One wrapper per text: rules that change nothing leave the tree and the
        # metadata it has resolved (scopes, qualified names, positions) to the
        # next rule, which would otherwise compute them all again.  Its metadata is
        # computed on first read (triton_migrate.analysis.metadata).
        # The first round parses the text before any rule (a text that does not parse
        # raises CarrierParseError, not an error about the output); later rounds parse
        # it only if a rule runs on it.
        wrapper: MetadataWrapper | None = None if memo else wrap(parse(text))
        for rule in rules:
            if not rule.may_apply(code):
                continue
            ctx.rule = rule
            ctx.set_current(code)
            key = (rule.id, code)
            if memo is not None and key in memo:
                stats["replayed"] += 1
                stats[f"replayed:{rule.id}"] += 1
                new_code, found = memo[key]
                ctx.findings.extend(found)
            else:
                if wrapper is None:
                    wrapper = wrap(parse(code))
                stats["ran"] += 1
                stats[f"ran:{rule.id}"] += 1
                reads = frozen.reads if isinstance(frozen, FrozenLines) else None
                scratch = set(ctx.scratch)
                before = len(ctx.findings)
                module = rule.impl.transform(wrapper, ctx)
                # the tree it was given (nothing changed, see cstwalk) prints as the text it was parsed from
                new_code = code if module is wrapper.module else module.code
                if memo is not None and reads is not None and frozen.reads == reads \
                        and set(ctx.scratch) == scratch == {FROZEN} and len(ctx.findings) >= before:
                    memo[key] = (new_code, ctx.findings[before:])
            if new_code != code:
                code = new_code
                wrapper = None  # parsed again only if another rule needs it
        ctx.rule = None
        if wrapper is None:
            try:
                parse(code)
            except CarrierParseError as exc:
                raise RuntimeError(f"the rewritten file does not parse: {exc}") from None
        return code

    def validate(self, text: str) -> str | None:
        try:
            parse(text)
        except CarrierParseError as exc:
            return str(exc)
        return None


CARRIER = PythonCarrier()
