"""Python source files, parsed with libcst; rules are libcst transforms."""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any, Iterator, Optional

import libcst as cst
from libcst.metadata import MetadataWrapper

from triton_migrate import crossfile
from triton_migrate.carriers import Carrier, CarrierParseError, extension, shebang
from triton_migrate.findings import Finding
from triton_migrate.analysis import astcache, resolve
from triton_migrate.analysis.cstwalk import fast_visits, forget_named, known_code
from triton_migrate.analysis.metadata import code_of, forget_chunks, wrap
from triton_migrate.analysis.reparse import reparse
from triton_migrate.v1client import escape, modindex, sharedcallback, shmhold

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
    (``reads``), and while ``log`` is a list records each read with its answer, so the carrier
    knows what a rule's run depended on: a later round whose frozen lines give the same answers
    to the same reads gets the same output from the same text."""

    reads = 0
    log: Optional[list[tuple[str, object, object]]] = None
    passes: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}  # crossfile.FileView.passes, read by the verifier

    def _read(self, kind: str, key: object, answer: object) -> Any:
        self.reads += 1
        if self.log is not None:
            self.log.append((kind, key, answer))
        return answer

    def answer(self, kind: str, key: object) -> object:
        """What the read ``kind`` of ``key`` gives now (without counting it)."""
        if kind == "in":
            return super().__contains__(key)
        if kind == "get":
            return super().get(key, _ABSENT)  # type: ignore[arg-type]
        if kind == "bool":
            return super().__len__() > 0
        return tuple(super().items())  # a read of the whole: len, iteration, keys, values, items

    def __bool__(self) -> bool:
        return self._read("bool", None, super().__len__() > 0)  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return self._read("in", key, super().__contains__(key))  # type: ignore[no-any-return]

    def __len__(self) -> int:
        self._read("all", None, tuple(super().items()))
        return super().__len__()

    def __getitem__(self, key: int) -> str:
        self._read("get", key, super().get(key, _ABSENT))
        return super().__getitem__(key)

    def get(self, key: int, default: Any = None) -> Any:  # type: ignore[override]
        value = self._read("get", key, super().get(key, _ABSENT))
        return default if value is _ABSENT else value

    def __iter__(self) -> Iterator[int]:
        self._read("all", None, tuple(super().items()))
        return super().__iter__()

    def keys(self) -> Any:
        self._read("all", None, tuple(super().items()))
        return super().keys()

    def values(self) -> Any:
        self._read("all", None, tuple(super().items()))
        return super().values()

    def items(self) -> Any:
        self._read("all", None, tuple(super().items()))
        return super().items()

    def same_answers(self, log: list[tuple[str, object, object]]) -> bool:
        """Whether every read of ``log`` gets the same answer now."""
        return all(self.answer(kind, key) == answer for kind, key, answer in log)


_ABSENT: Any = object()
# (rule id, text it ran on) -> its runs: (frozen reads and answers, output text, findings).
Memo = dict[tuple[str, str], list[tuple[list[tuple[str, object, object]], str, list[Finding]]]]
# A rollback round gives the first rules the texts the round before gave them, and each tree parsed is kept
# for the next round (`Trees`), up to files of this size: only files that roll back have a next round, and
# the versions of a big file would cost its memory many times over.
KEEP_TREES = 200_000
Trees = dict[str, cst.Module]


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


def parse(text: str, edited: Optional[tuple[cst.Module, cst.Module]] = None) -> cst.Module:
    """The tree of ``text``; ``edited`` = (a tree, what a rule made of it, whose code is ``text``) lets
    only the statements the rule replaced be parsed again (`triton_migrate.analysis.reparse`)."""
    check_nesting(text)
    if edited is not None:
        module = reparse(edited[0], edited[1], text)
        if module is not None:
            known_code(module, text)
            return module
    try:
        module = cst.parse_module(text)
        known_code(module, text)  # its .code is this text (inside fast_visits), not a codegen
        return module
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
            try:
                return self._migrate(text, ctx, rules)
            finally:
                forget_chunks()  # statement positions kept for the file's next text version
                astcache.forget()  # the file's stdlib ast trees
                modindex.forget()  # the module index and its statement parts
                escape.forget()  # the functions' own returns
                resolve.forget()  # the names each statement's V1 imports bind
                forget_named()  # the name index of the file's last tree

    def _migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        from triton_migrate.analysis import verify as pyverify

        start = len(ctx.findings)
        frozen = FrozenLines()
        view = crossfile.view_of(ctx.settings)
        if view is not None:  # V1 objects the run-wide decisions keep V1 (a helper and its callers in other files)
            frozen.update(view.freeze)
            frozen.passes = view.passes  # helpers of other modules whose parameters take a V2 client
        ctx.scratch[FROZEN] = frozen  # read by pyclient.ContextRewriter.frozen
        memo: Memo = {}
        trees: Trees = {}
        code = text
        problem: str | None = None
        for _attempt in range(MAX_ATTEMPTS):
            del ctx.findings[start:]
            code = self._apply(text, ctx, rules, memo, trees)
            if code != text and sharedcallback.hold(text, code, frozen):
                problem = ""  # V2 clients whose callback a V1 context that stays also gets: frozen, again
            else:
                problem = None if code == text else pyverify.settle(text, code, frozen)
                if problem is None and code != text and shmhold.hold(text, code, frozen):
                    problem = ""  # a shared-memory helper module stays V1 (or moves with a note): again
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

    def _apply(self, text: str, ctx: FileContext, rules: list[Rule], memo: Memo | None = None,
               trees: Trees | None = None) -> str:
        """Run the rules in order on ``text``.

        ``memo`` keeps, across the rollback rounds of one file, what a rule did to a
        text, with the reads of the frozen objects its run made and their answers
        (`FrozenLines.log`): its output and findings depend on that text and those
        answers alone, so a later round that gives the rule the same text and the same
        answers replays them instead of running the rule again (`stats` counts both).
        A rule whose frozen object changed, and every rule after it whose text changed,
        runs again.  ``trees`` keeps the tree of each text parsed (small files), so a
        later round that runs a rule on a text an earlier round had does not parse it.
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
        def tree(code: str, edited: tuple[cst.Module, cst.Module] | None) -> cst.Module:
            module = trees.get(code) if trees is not None else None
            if module is not None:
                stats["tree_kept"] += 1
                known_code(module, code)
                return module
            module = parse(code, edited)
            if trees is not None and len(code) <= KEEP_TREES:
                trees[code] = module
            return module

        wrapper: MetadataWrapper | None = None if memo else wrap(tree(text, None))
        # (the tree a rule was given, the tree it returned) while ``wrapper`` is None after its edit
        edited: tuple[cst.Module, cst.Module] | None = None
        hint = crossfile.rule_hint(ctx.settings)  # rules the run-wide first pass needs on this file
        for rule in rules:
            if not rule.may_apply(code) and not (hint and rule.may_apply(hint)):
                continue
            ctx.rule = rule
            ctx.set_current(code)
            key = (rule.id, code)
            done = None
            if memo is not None and isinstance(frozen, FrozenLines):
                done = next((d for d in memo.get(key, ()) if frozen.same_answers(d[0])), None)
            if done is not None:
                stats["replayed"] += 1
                stats[f"replayed:{rule.id}"] += 1
                _log, new_code, found = done
                ctx.findings.extend(found)
            else:
                if wrapper is None:
                    wrapper = wrap(tree(code, edited))
                    edited = None
                stats["ran"] += 1
                stats[f"ran:{rule.id}"] += 1
                log: list[tuple[str, object, object]] = []
                if isinstance(frozen, FrozenLines):
                    frozen.log = log
                scratch = set(ctx.scratch)
                before = len(ctx.findings)
                try:
                    module = rule.impl.transform(wrapper, ctx)
                finally:
                    forget_named()  # the name index holds the rule's tree: not kept past the rule
                    if isinstance(frozen, FrozenLines):
                        frozen.log = None
                # the tree it was given (nothing changed, see cstwalk) prints as the text it was parsed from
                new_code = code if module is wrapper.module else code_of(module)
                if memo is not None and isinstance(frozen, FrozenLines) \
                        and set(ctx.scratch) == scratch == {FROZEN} and len(ctx.findings) >= before:
                    memo.setdefault(key, []).append((log, new_code, ctx.findings[before:]))
            if new_code != code:
                # parsed again only if another rule needs it, and then only where this rule changed it
                edited = (wrapper.module, module) if done is None and wrapper is not None else None
                code = new_code
                wrapper = None
        ctx.rule = None
        if wrapper is None:
            try:
                tree(code, edited)
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
