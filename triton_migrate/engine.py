"""The pure core: text in, result out.  No disk access, never raises.

``migrate_text`` picks the carrier for a path, runs the enabled rules whose
needles occur in the text, and returns a :class:`FileResult` whose status is
changed, unchanged, skipped (with the reason) or error (with the error).
``migrate_bytes`` adds decoding (BOM, coding cookie, binary detection) and
encoding back, so the runner only reads and writes.
"""
from __future__ import annotations

import traceback
from dataclasses import dataclass
from functools import lru_cache

from triton_migrate import crossfile
from triton_migrate.carriers import Carrier, CarrierParseError, carrier_for
from triton_migrate.carriers._embedded import V1_NAMES
from triton_migrate.context import FileContext, FileResult, file_finding
from triton_migrate.findings import Finding
from triton_migrate.rules import Rule, any_needles, get_rule, rules_for, with_requirements
from triton_migrate.settings import Settings
from triton_migrate.text import DecodeError, LineIndex, decode, is_binary


def _python2_prepass(carrier: Carrier, text: str, path: str, ctx: FileContext, settings: Settings) -> str | None:
    """With --fix-python2: the Python 3 text fissix makes of a Python 2 file (None: not that case)."""
    if carrier.name != "python" or not settings.fix_python2:
        return None
    from triton_migrate.python2 import Python2Error, convert

    try:
        converted, fixers = convert(text, path)
    except Python2Error:
        return None
    if settings.enabled("python2_converted"):
        ctx.findings.append(Finding(
            rule="python2_converted", path=path, line=1, column=0, end_line=1, end_column=0, severity="info",
            applied=True, message="Python 2 file converted to Python 3 with fissix (--fix-python2) before "
            "migrating; fixers applied: " + (", ".join(fixers) or "none")))
    return converted


def _python2_hint(carrier: Carrier, text: str, settings: Settings) -> str:
    if carrier.name != "python" or settings.fix_python2:
        return ""
    from triton_migrate.python2 import looks_like_python2

    if not looks_like_python2(text):
        return ""
    return "; it is Python 2 code: run again with --fix-python2 to convert it to Python 3 (fissix) and migrate it"


def unparsed_v1_lines(ctx: FileContext, rules: list[Rule], label: str, hint: str = "") -> list[Finding]:
    """``unparsable_file`` findings, one per line of a file that does not parse and holds a V1
    name (``V1_NAMES``, the reader's detector), naming it and the rules whose needles are on
    the line: no V1 line of a skipped file goes unnamed."""
    text = ctx.original
    index = LineIndex(text)
    out = []
    last = 0
    for match in V1_NAMES.finditer(text):
        line, column = index.position(match.start())
        if line == last or ctx.suppressions.suppressed("unparsable_file", line, line):
            continue
        last = line
        line_start = match.start() - column
        line_end = text.find("\n", line_start)
        line_text = text[line_start:len(text) if line_end < 0 else line_end]
        rule_ids = [r.id for r in rules if r.needles and r.may_apply(line_text)]
        by = f" (rule{'s' if len(rule_ids) > 1 else ''} {', '.join(rule_ids)})" if rule_ids else ""
        out.append(Finding(
            rule="unparsable_file", path=ctx.path, line=line, column=column, end_line=line,
            end_column=column + len(match.group(0)), severity="warning", applied=False, v1=match.group(0),
            message=f"V1 usage `{match.group(0)}` not migrated{by}: the file does not parse as {label}"
                    + (hint or "; fix its syntax and run again, or port this line by hand")))
    return out


def with_required_rules(settings: Settings) -> Settings:
    """``settings`` whose selection also holds every rule the selected rules require, transitively
    (``Rule.requires``: v1_infer's output names ``grpcclient``, whose import v1_imports adds).  The one
    place a selection is completed: the engine applies it to every file, the CLI to its settings."""
    if settings.select is None:
        return settings
    closure = _closure(settings.select)
    return settings if closure == settings.select else settings.with_(select=closure)


@lru_cache(maxsize=64)
def _closure(select: frozenset[str]) -> frozenset[str]:
    return frozenset(with_requirements(sorted(select))[0])


def enabled_rules(carrier: Carrier, settings: Settings) -> list[Rule]:
    return list(_enabled_rules(carrier.name, settings.select, settings.ignore))


# Only select and ignore decide which rules run; a run uses one pair, so these
# caches hit for every file.
@lru_cache(maxsize=64)
def _enabled_rules(carrier: str, select: frozenset[str] | None, ignore: frozenset[str]) -> tuple[Rule, ...]:
    only = Settings(select=select, ignore=ignore)
    return tuple(r for r in rules_for(carrier) if only.enabled(r.id))


@lru_cache(maxsize=64)
def _needles(carrier: str, select: frozenset[str] | None, ignore: frozenset[str]) -> tuple[bytes, ...] | None:
    return any_needles(_enabled_rules(carrier, select, ignore))


def carrier_may_need_work(data: bytes, carrier: Carrier, settings: Settings) -> bool:
    """The cheap search for a file whose carrier is known: does any needle of an enabled rule occur?"""
    settings = with_required_rules(settings)
    needles = _needles(carrier.name, settings.select, settings.ignore)
    if needles is None:
        return True
    for needle in needles:
        if needle in data:
            return True
    return False


def may_need_work(data: bytes | str, path: str, settings: Settings) -> bool:
    """The cheap search: could any enabled rule fire in this file?"""
    settings = with_required_rules(settings)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    carrier = carrier_for(path, data[:256])
    if carrier is None:
        return False
    return carrier_may_need_work(data, carrier, settings)


def migrate_text(text: str, path: str, settings: Settings) -> FileResult:
    """Run every enabled rule on ``text`` as the carrier for ``path`` would."""
    settings = with_required_rules(settings)
    try:
        carrier = carrier_for(path, text[:256].encode("utf-8", "replace"))
        if carrier is None:
            return FileResult(path, "unchanged", original=text)
        hint = crossfile.rule_hint(settings)  # rules the run-wide first pass needs on this file
        rules = [r for r in enabled_rules(carrier, settings) if r.may_apply(text) or (hint and r.may_apply(hint))]
        if not rules:
            return FileResult(path, "unchanged", original=text)
        ctx = FileContext(path, text, settings)
        try:
            new = carrier.migrate(text, ctx, rules)
        except CarrierParseError as exc:
            converted = _python2_prepass(carrier, text, path, ctx, settings)
            if converted is not None:
                new = carrier.migrate(converted, ctx, rules)
            else:
                reason = f"does not parse as {carrier.label}: {exc}"
                result = FileResult(path, "skipped", reason, original=text)
                if settings.enabled("unparsable_file"):
                    message = f"Not migrated: file {reason}" + _python2_hint(carrier, text, settings)
                    result.findings.append(file_finding("unparsable_file", path, message, exc.line or 1))
                    result.findings.extend(unparsed_v1_lines(ctx, rules, carrier.label, _python2_hint(carrier, text, settings)))
                return result
        findings = sorted(ctx.findings, key=Finding.sort_key)
        if new == text:
            return FileResult(path, "unchanged", findings=findings, original=text)
        problem = None if carrier.self_validating else carrier.validate(new)
        if problem:
            raise RuntimeError(f"the rewritten file does not parse as {carrier.label}: {problem}")
        return FileResult(path, "changed", findings=findings, original=text, new=new)
    except Exception as exc:  # a rule bug must not lose the file or stop the run
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        result = FileResult(path, "error", f"internal error: {detail}", original=text)
        result.findings.append(file_finding("internal_error", path, f"Not migrated: internal error ({detail}); the file was left as it was.", severity="error"))
        return result


@dataclass
class BytesResult:
    result: FileResult
    new_bytes: bytes | None = None


def migrate_bytes(data: bytes, path: str, settings: Settings) -> BytesResult:
    """Decode, migrate, encode.  Files with nothing to do are never decoded."""
    settings = with_required_rules(settings)
    if not may_need_work(data, path, settings) and not crossfile.rule_hint(settings):
        return BytesResult(FileResult(path, "unchanged"))
    carrier = carrier_for(path, data[:256])
    assert carrier is not None
    if settings.max_file_size and len(data) > settings.max_file_size:
        reason = (f"larger than the {settings.max_file_size // (1024 * 1024)} MiB limit "
                  f"({len(data) / (1024 * 1024):.1f} MiB); raise it with --max-file-size")
        result = FileResult(path, "skipped", reason)
        if settings.enabled("unparsable_file"):
            result.findings.append(file_finding("unparsable_file", path, f"Not migrated: {reason}."))
        return BytesResult(result)
    if is_binary(data):
        reason = "binary file (NUL bytes)"
        result = FileResult(path, "skipped", reason)
        if settings.enabled("binary_file"):
            result.findings.append(file_finding("binary_file", path, f"Not migrated: {reason}; it contains V1 names.", severity="info"))
        return BytesResult(result)
    try:
        decoded = decode(data, python=carrier.name == "python")
    except DecodeError as exc:
        reason = f"cannot decode: {exc}"
        result = FileResult(path, "skipped", reason)
        if settings.enabled("undecodable_file"):
            result.findings.append(file_finding("undecodable_file", path, f"Not migrated: {reason}. Convert it to UTF-8 and run again."))
        return BytesResult(result)
    result = migrate_text(decoded.text, path, settings)
    if result.status != "changed" or result.new is None:
        return BytesResult(result)
    try:
        new_bytes = decoded.encode(result.new)
    except UnicodeEncodeError as exc:
        result.status, result.new = "error", None
        result.reason = f"the rewritten text cannot be encoded as {decoded.encoding}: {exc}"
        result.findings.append(file_finding("internal_error", path, f"Not migrated: {result.reason}", severity="error"))
        return BytesResult(result)
    return BytesResult(result, new_bytes)


# FileContext and FileResult live in triton_migrate.context; they are re-exported
# here because migrate_text returns a FileResult.
__all__ = ["FileContext", "FileResult", "migrate_text", "migrate_bytes", "may_need_work", "get_rule",
           "with_required_rules"]
