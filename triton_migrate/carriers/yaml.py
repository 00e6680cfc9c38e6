"""YAML files: Kubernetes manifests, Docker Compose files, Helm values and templates.

The file is read with ruamel.yaml's round-trip loader (no object is
constructed) only to find nodes and their positions; every edit is made on the
text by span, so comments, quoting and layout stay.  Helm templates parse
after their ``{{ }}`` actions are masked with placeholders of the same length
(whole-line actions become comments); a word holding an action is not literal.

Hooks, as for the shell carrier (``triton_migrate.carriers.shell``):

* ``rewrite_command(command, ctx)`` for each container's ``command`` + ``args``
  (Kubernetes; a block or flow list), each Compose ``command``/``entrypoint``
  (a list, or a string read as shell), and the script of ``["sh", "-c", ...]``
  or a literal block (``|``) after ``-c``, and CI steps (GitHub Actions ``run``,
  GitLab CI ``script``/``before_script``) read as shell;
* ``rewrite_text(text, ctx)`` once on the whole text (images, env names, paths,
  probe paths are name-level);
* ``rewrite_image_tag(repository, tag_word, text, ctx) -> list[Edit]`` for each
  mapping with ``repository`` and ``tag`` keys (Helm values);
* ``review_probe(port, http_ports, span, text, ctx)`` for each
  ``livenessProbe``/``readinessProbe``/``startupProbe`` with ``httpGet``, given the
  container's HTTP ports (``containerPort`` named ``http`` or 8000, and any
  ``--http-port``).

A file that does not parse even masked raises ``CarrierParseError`` (it is
reported and left byte-identical).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from triton_migrate.argv import (
    Command,
    ShellSyntax,
    Word,
    YamlBlockSyntax,
    YamlFlowSyntax,
    line_index,
)
from triton_migrate.carriers import Carrier, CarrierParseError, extension, run_span_rules
from triton_migrate.carriers.shell import _merge, command_edits, report_unparsed, text_edits
from triton_migrate.shellwords import ShellParseError, find_commands, program_index, shell_c_script
from triton_migrate.text import Edit

if TYPE_CHECKING:
    from triton_migrate.context import FileContext
    from triton_migrate.rule import Rule

_ACTION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_ACTION_LINE = re.compile(r"^([ \t]*)(\{\{.*?\}\})[ \t]*$", re.MULTILINE)
PROBES = ("livenessProbe", "readinessProbe", "startupProbe")


def mask_templates(text: str) -> str:
    """Replace Helm/Go template actions by same-length placeholders."""
    if "{{" not in text:
        return text

    def whole_line(match: re.Match[str]) -> str:
        action = match.group(2)
        return match.group(1) + "#" + re.sub(r"[^\n]", " ", action[1:])

    text = _ACTION_LINE.sub(whole_line, text)
    return _ACTION.sub(lambda m: re.sub(r"[^\n]", "x", m.group(0)), text)


def load(text: str) -> list[Any]:
    yaml = YAML(typ="rt")
    try:
        return list(yaml.load_all(mask_templates(text)))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise CarrierParseError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, line) from None
    except Exception as exc:  # noqa: BLE001 (ruamel raises a few non-YAMLError types on odd input)
        raise CarrierParseError(f"{type(exc).__name__}: {exc}") from None


class _Scanner:
    """Finds the spans of scalars in the original text from ruamel positions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.index = line_index(text)

    def offset(self, line: int, column: int) -> int:
        return self.index.offset(line + 1, column)

    def word(self, value: Any, line: int, column: int) -> Word | None:
        """The word of a scalar at (line, column) (0-based), or None when its span is unclear."""
        if isinstance(value, (CommentedMap, CommentedSeq)):
            return None
        text = self.text
        start = self.offset(line, column)
        if value is None or isinstance(value, (bool, int, float)):
            token = re.compile(r"[^\s,\]}#]*").match(text, start)
            raw = token.group(0) if token else ""
            return Word(raw, start, start + len(raw), raw, value is not None)
        first = text[start:start + 1]
        if first == '"':
            m = re.compile(r'"((?:[^"\\]|\\.)*)"', re.DOTALL).match(text, start)
            if not m:
                return None
            raw = m.group(0)
            plain = "\\" not in raw and "\n" not in raw
            return Word(raw[1:-1] if plain else str(value), start, m.end(), raw, plain and "{{" not in raw)
        if first == "'":
            m = re.compile(r"'((?:[^']|'')*)'", re.DOTALL).match(text, start)
            if not m:
                return None
            raw = m.group(0)
            static = "''" not in raw and "\n" not in raw and "{{" not in raw
            return Word(raw[1:-1].replace("''", "'") if "\n" not in raw else str(value), start, m.end(), raw, static)
        if first in "|>":
            return None
        value_text = str(value)
        raw = text[start:start + len(value_text)]
        if raw == value_text or (raw.startswith("{{") or "{{" in text[start:text.find("\n", start)]):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            line_text = text[start:end].rstrip("\r")
            line_text = re.sub(r"\s+#.*$", "", line_text).rstrip()
            if isinstance(self._parent_flow, bool) and self._parent_flow:
                cut = re.search(r"\s*[,\]}]", line_text)
                line_text = line_text[:cut.start()] if cut else line_text
            return Word(line_text, start, start + len(line_text), line_text, "{{" not in line_text and line_text == value_text)
        return None

    _parent_flow: bool | None = None

    def block_script(self, line: int, column: int) -> tuple[int, int] | None:
        """The content span of a literal block scalar (``|``) at (line, column)."""
        text = self.text
        start = self.offset(line, column)
        if text[start:start + 1] != "|":
            return None
        body = text.find("\n", start)
        if body < 0:
            return None
        body += 1
        end = body
        indent = None
        for piece in text[body:].splitlines(keepends=True):
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip(" "))
                if indent is None:
                    indent = lead
                if lead < indent or lead <= column - (column - self._line_indent(start)):
                    break
            end += len(piece)
        return body, end

    def _line_indent(self, offset: int) -> int:
        line_start = self.text.rfind("\n", 0, offset) + 1
        line = self.text[line_start:]
        return len(line) - len(line.lstrip(" "))


class YamlCarrier(Carrier):
    name = "yaml"
    hooks = ("rewrite_command", "rewrite_text", "rewrite_image_tag", "review_probe")
    label = "YAML"
    priority = 40

    def claims(self, path: str, head: bytes) -> bool:
        return extension(path) in (".yaml", ".yml")

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        load(text)
        return run_span_rules(text, ctx, rules,
                              lambda rule, current: self._node_edits(rule, current, ctx) + text_edits(rule, current, ctx),
                              _merge)

    def validate(self, text: str) -> str | None:
        try:
            load(text)
        except CarrierParseError as exc:
            return str(exc)
        return None

    # -- finding commands and probes --------------------------------------

    def _node_edits(self, rule: Rule, text: str, ctx: FileContext) -> list[Edit]:
        wants_commands = getattr(rule.impl, "rewrite_command", None) is not None
        review = getattr(rule.impl, "review_probe", None)
        tag_hook = getattr(rule.impl, "rewrite_image_tag", None)
        if not wants_commands and review is None and tag_hook is None:
            return []
        scanner = _Scanner(text)
        edits: list[Edit] = []
        for doc in load(text):
            for mapping in _mappings(doc):
                if wants_commands:
                    edits.extend(self._mapping_commands(rule, mapping, scanner, ctx))
                if review is not None:
                    self._probes(review, mapping, scanner, ctx)
                if tag_hook is not None and isinstance(mapping.get("repository"), str) and _own(mapping, "tag"):
                    line, column = mapping.lc.value("tag")
                    word = scanner.word(mapping["tag"], line, column)
                    if word is not None and word.static:
                        edits.extend(tag_hook(mapping["repository"], word, text, ctx))
        return edits

    def _words(self, node: Any, scanner: _Scanner) -> tuple[list[Word], Any] | None:
        if not isinstance(node, CommentedSeq):
            return None
        flow = bool(node.fa.flow_style())
        scanner._parent_flow = flow
        words = []
        for i, item in enumerate(node):
            line, column = node.lc.item(i)
            word = scanner.word(item, line, column)
            if word is None:
                # A literal block script after `-c` is still readable as shell.
                words.append(Word(str(item), -1, -1, "", False))
                continue
            words.append(word)
        scanner._parent_flow = None
        syntax = YamlFlowSyntax(scanner.text) if flow else YamlBlockSyntax(scanner.text)
        return words, syntax

    def _mapping_commands(self, rule: Rule, mapping: CommentedMap, scanner: _Scanner, ctx: FileContext) -> list[Edit]:
        edits: list[Edit] = []
        for key in ("command", "entrypoint"):
            if not _own(mapping, key):
                continue
            node = mapping[key]
            line, column = mapping.lc.value(key)
            if isinstance(node, str):
                edits.extend(self._shell_scalar(rule, node, line, column, scanner, ctx))
                continue
            found = self._words(node, scanner)
            if not found:
                continue
            words, syntax = found
            args = mapping.get("args") if key == "command" and _own(mapping, "args") else None
            extra = self._words(args, scanner) if args is not None else None
            all_words = words + (extra[0] if extra else [])
            if extra:
                syntax = _Dispatch(scanner.text, [(words, syntax), (extra[0], extra[1])])
            edits.extend(self._argv(rule, all_words, syntax, node if not extra else None, scanner, ctx,
                                    seqs=[(node, 0), (args, len(words))] if extra else [(node, 0)]))
        # CI steps: GitHub Actions `run: |`, GitLab CI `script:` (a string or a list of lines).
        for key in ("run", "script", "before_script"):
            node = mapping.get(key) if _own(mapping, key) else None
            if isinstance(node, str):
                line, column = mapping.lc.value(key)
                edits.extend(self._shell_scalar(rule, node, line, column, scanner, ctx))
            elif isinstance(node, CommentedSeq) and key != "run":
                for i, item in enumerate(node):
                    if isinstance(item, str):
                        line, column = node.lc.item(i)
                        edits.extend(self._shell_scalar(rule, item, line, column, scanner, ctx))
        if "command" not in mapping and _own(mapping, "args") and isinstance(mapping.get("args"), CommentedSeq):
            found = self._words(mapping["args"], scanner)
            if found:
                edits.extend(self._argv(rule, found[0], found[1], None, scanner, ctx, seqs=[(mapping["args"], 0)]))
        return edits

    def _argv(self, rule: Rule, words: list[Word], syntax: Any, node: Any, scanner: _Scanner, ctx: FileContext,
              seqs: list[tuple[Any, int]]) -> list[Edit]:
        values = [w.value for w in words]
        index = program_index(values)
        if index is None or index >= len(words):
            return []
        script = shell_c_script(values, index)
        if script is not None:
            for seq, base in seqs:
                if seq is not None and base <= script < base + len(seq):
                    line, column = seq.lc.item(script - base)
                    return self._shell_scalar(rule, seq[script - base], line, column, scanner, ctx)
            return []
        if any(w.start < 0 for w in words[index:]):
            self._report_seqs(rule, seqs, scanner, ctx, "a list item whose position could not be read")
            return []
        return command_edits(rule, [Command(words, index, syntax, scanner.text)], ctx)

    def _report_seqs(self, rule: Rule, seqs: list[tuple[Any, int]], scanner: _Scanner, ctx: FileContext, why: str) -> None:
        for seq, _ in seqs:
            if seq is None or not len(seq):
                continue
            start = scanner.offset(*seq.lc.item(0))
            last = scanner.offset(*seq.lc.item(len(seq) - 1))
            end = scanner.text.find("\n", last)
            report_unparsed(rule, scanner.text, start, len(scanner.text) if end < 0 else end, ctx, why)

    def _shell_scalar(self, rule: Rule, value: Any, line: int, column: int, scanner: _Scanner, ctx: FileContext) -> list[Edit]:
        text = scanner.text
        block = scanner.block_script(line, column)
        if block is not None:
            start, end = block
        else:
            word = scanner.word(value, line, column)
            at = scanner.offset(line, column)
            line_end = text.find("\n", at)
            why = "a YAML string with escapes, folded or spread over lines is not read as shell"
            if word is None or not word.static:
                if not (word is not None and "{{" in word.raw and "\\" not in word.raw):
                    report_unparsed(rule, text, at, len(text) if line_end < 0 else line_end, ctx, why)
                return []
            start = word.start + (1 if word.raw[:1] in "\"'" else 0)
            end = start + len(word.value)
            if text[start:end] != word.value:
                report_unparsed(rule, text, at, len(text) if line_end < 0 else line_end, ctx, why)
                return []
        try:
            commands = find_commands(text[start:end], start, text)
        except ShellParseError as exc:
            report_unparsed(rule, text, start, end, ctx, f"the shell code could not be parsed ({exc})")
            return []
        quoted = text[start - 1:start] in "\"'" and block is None
        if quoted:
            # Words added inside a quoted YAML string must not use that quote.
            quote_char = text[start - 1]
            for command in commands:
                command.syntax = _InnerShell(text, quote_char)
        return command_edits(rule, commands, ctx)

    def _probes(self, review: Any, mapping: CommentedMap, scanner: _Scanner, ctx: FileContext) -> None:
        probes = [(k, mapping[k]) for k in PROBES if _own(mapping, k) and isinstance(mapping.get(k), CommentedMap)]
        if not probes:
            return
        http_ports: set[Any] = set()
        for port in mapping.get("ports") or []:
            if isinstance(port, CommentedMap) and (port.get("name") == "http" or port.get("containerPort") == 8000):
                http_ports.update(p for p in (port.get("name"), port.get("containerPort")) if p is not None)
        for key in ("command", "args"):
            for item in mapping.get(key) or []:
                m = re.match(r"--http-port[= ](\d+)$", str(item))
                if m:
                    http_ports.add(int(m.group(1)))
        for _key, probe in probes:
            get = probe.get("httpGet")
            if not isinstance(get, CommentedMap) or not _own(get, "port"):
                continue
            line, column = get.lc.value("port")
            start = scanner.offset(line, column)
            review(get["port"], http_ports, (start, start + len(str(get["port"]))), scanner.text, ctx)


class _Dispatch(YamlBlockSyntax):
    """``command`` and ``args`` are two lists, maybe of two styles: each word edits in its own."""

    def __init__(self, text: str, parts: list[tuple[list[Word], Any]]) -> None:
        super().__init__(text)
        self.parts = parts

    def _of(self, word: Word) -> Any:
        for words, syntax in self.parts:
            if any(w.start == word.start for w in words):
                return syntax
        return self.parts[0][1]

    def replace(self, word: Word, rendered: list[str]) -> Edit:
        return self._of(word).replace(word, rendered)

    def delete(self, word: Word) -> Edit:
        return self._of(word).delete(word)

    def insert_after(self, word: Word, rendered: list[str]) -> Edit:
        return self._of(word).insert_after(word, rendered)

    def quote_for(self, word: Word) -> Any:
        return self._of(word).quote_for(word)


class _InnerShell(ShellSyntax):
    """Shell code inside a quoted YAML string: new words avoid that quote."""

    def __init__(self, text: str, quote_char: str) -> None:
        super().__init__(text)
        self.quote_char = quote_char

    def quote(self, value: str) -> str:
        quoted = super().quote(value)
        if self.quote_char in quoted:
            other = '"' if self.quote_char == "'" else "'"
            quoted = other + value + other
        return quoted


def _own(mapping: CommentedMap, key: str) -> bool:
    """``key`` is written in this mapping, not merged in from an anchor (``<<: *x``),
    so the mapping knows its source position."""
    return key in mapping and key in (mapping.lc.data or {})


def _mappings(node: Any, seen: set[int] | None = None) -> Any:
    """Every mapping once, also when aliases (``*x``) make the same node appear again."""
    seen = set() if seen is None else seen
    if id(node) in seen:
        return
    if isinstance(node, CommentedMap):
        seen.add(id(node))
        yield node
        for key in list(node.lc.data or {}):
            yield from _mappings(node[key], seen)
    elif isinstance(node, CommentedSeq):
        seen.add(id(node))
        for item in node:
            yield from _mappings(item, seen)


CARRIER = YamlCarrier()
