"""YAML files: Kubernetes manifests, Docker Compose files, Helm values and templates.

The file is read with ruamel.yaml's round-trip loader (no object is
constructed) only to find nodes and their positions; every edit is made on the
text by span, so comments, quoting and layout stay.  Helm templates parse
after their ``{{ }}`` actions are masked with placeholders of the same length
(whole-line actions become comments); a word holding an action is not literal.

Hooks, as for the shell carrier (``triton_migrate.carriers.shell``):

* ``rewrite_command(command, ctx)`` for each container's ``command`` + ``args``
  (Kubernetes; a block or flow list), each Compose ``command``/``entrypoint``
  (a list, or a string read as shell, also folded ``>`` or plain over several
  lines: see ``_Scanner.folded_script``), and the script of ``["sh", "-c", ...]``
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
from bisect import bisect_right
from typing import TYPE_CHECKING, Any, Optional, Union

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from triton_migrate.argv import (
    ShellSyntax,
    Word,
    YamlBlockSyntax,
    YamlFlowSyntax,
    line_index,
)
from triton_migrate.carriers import Carrier, CarrierParseError, extension, run_span_rules
from triton_migrate.shellspans import (
    command_edits,
    merge_edits,
    read_argv,
    report_unparsed,
    shell_rule_edits,
    text_edits,
)
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


def _ruamel_load(masked: str) -> list[Any]:
    yaml = YAML(typ="rt")
    try:
        return list(yaml.load_all(masked))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise CarrierParseError(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, line) from None
    except Exception as exc:  # noqa: BLE001 (ruamel raises a few non-YAMLError types on odd input)
        raise CarrierParseError(f"{type(exc).__name__}: {exc}") from None


def load(text: str) -> list[Any]:
    """Every document of ``text`` (Helm actions masked), composed by ruamel (slow: 10 s per MB)."""
    return _ruamel_load(mask_templates(text))


_DOCUMENT_MARKER = re.compile(r"\n(?:---|\.\.\.)(?=[ \t\r\n]|$)")


def documents(text: str, cache: dict[str, Any] | None = None) -> list[tuple[int, int]]:
    """The spans of the documents of a YAML stream: each starts at a column-0 ``---``
    (or ``...``) line, which YAML reads as a document marker wherever it stands.
    ``cache`` (the file's ``ctx.scratch``) keeps them while the text does not change."""
    if cache is not None and cache.get("yaml.documents.text") is text:
        return list(cache["yaml.documents"])
    starts = [0] + [m.start() + 1 for m in _DOCUMENT_MARKER.finditer(text)]
    spans = [(a, b) for a, b in zip(starts, starts[1:] + [len(text)]) if a < b]
    if cache is not None:
        cache["yaml.documents.text"], cache["yaml.documents"] = text, spans
    return list(spans)


Needles = Optional[tuple[Union[str, tuple[str, ...]], ...]]  # noqa: UP007 (evaluated at run time on 3.9)


def needle_documents(text: str, needles: Needles, cache: dict[str, Any] | None = None) -> list[tuple[int, int, int]]:
    """(start, end, first line - 1) of the documents holding one of ``needles``
    (None: all).  A needle may be a tuple of strings that must all occur in the document."""
    spans = documents(text, cache)
    if needles is None:
        chosen = set(range(len(spans)))
    else:
        starts = [a for a, _ in spans]
        chosen = set()
        for needle in needles:
            first, *others = (needle,) if isinstance(needle, str) else needle
            at = text.find(first)
            while at >= 0:
                k = bisect_right(starts, at) - 1
                start, end = spans[k]
                if not others or all(text.find(o, start, end) >= 0 for o in others):
                    chosen.add(k)
                at = text.find(first, end)  # the next document
    out = []
    line = 0
    previous = 0
    for k in sorted(chosen):
        start, end = spans[k]
        line += text.count("\n", previous, start)
        previous = start
        out.append((start, end, line))
    return out


def check_syntax(masked: str) -> None:
    """Raise CarrierParseError when ``masked`` is not YAML.  libyaml's C parser
    (PyYAML) reads a megabyte in a tenth of a second; what it refuses is asked
    to ruamel (YAML 1.2) before it is called broken."""
    try:
        import yaml as pyyaml

        loader = getattr(pyyaml, "CSafeLoader", None)
    except ImportError:  # pragma: no cover - PyYAML is a dependency
        loader = None
    if loader is not None:
        try:
            for _event in pyyaml.parse(masked, Loader=loader):
                pass
            return
        except pyyaml.YAMLError:
            pass
    _ruamel_load(masked)


class Parsed:
    """The documents of one YAML text that hold a needle, composed once.

    Only the documents whose text contains one of ``needles`` are composed
    (each padded with the newlines of the documents before it, so positions
    are those of the whole text); the composed nodes are kept while the text
    does not change, so the rules of one file share one parse.
    """

    def __init__(self, scratch: dict[str, Any] | None = None) -> None:
        self._cache: dict[tuple[int, str], list[Any]] = {}
        self.scratch = scratch

    def load(self, text: str, needles: Needles) -> list[Any]:
        masked = mask_templates(text)
        out: list[Any] = []
        cache: dict[tuple[int, str], list[Any]] = {}
        for start, end, lines in needle_documents(text, needles, self.scratch):
            key = (lines, masked[start:end])
            docs = self._cache.get(key)
            if docs is None:
                docs = _ruamel_load("\n" * lines + key[1])
            cache[key] = docs
            out.extend(docs)
        self._cache = cache
        return out


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

    def folded_script(self, value: Any, line: int, column: int) -> tuple[int, int] | None:
        """The span of a folded (``>``) or multi-line plain scalar whose lines fold to ``value``.

        Such a scalar is one command line spread over lines (say a Compose
        ``entrypoint: >`` with ``nvidia_entrypoint.sh trtserver`` then a flag
        per line): each line break reads as a space.  Only when re-folding the
        span's lines with single spaces gives ``value`` exactly (no blank or
        more-indented lines, no comments), so offsets stay those of the file.
        """
        if not isinstance(value, str):
            return None
        text = self.text
        start = self.offset(line, column)
        if text[start:start + 1] == ">":
            body = text.find("\n", start)
            if body < 0 or text[start + 1:body].strip(" -+0123456789"):
                return None
            start = body + 1
            want = value.rstrip("\n")
            least = 1  # a folded block of one line is still read here
        elif text[start:start + 1] in "|\"'[{":
            return None
        else:
            want = value
            least = 2  # one line: a plain scalar, read by word()
        key_indent = self._line_indent(self.offset(line, column))
        end = start
        pieces = []
        first = True
        for piece in text[start:].splitlines(keepends=True):
            content = piece.strip()
            lead = len(piece) - len(piece.lstrip(" "))
            if not first and (not content or lead <= key_indent):
                break
            pieces.append(content)
            end += len(piece)
            first = False
        end = len(text[:end].rstrip("\r\n"))
        if len(pieces) < least or " ".join(pieces) != want or "#" in want:
            return None
        return start, end

    def scalar_end(self, at: int) -> int:
        """End of the block or multi-line scalar starting at ``at``: its lines are indented past the key's."""
        key_indent = self._line_indent(at)
        end = self.text.find("\n", at)
        if end < 0:
            return len(self.text)
        pos = end + 1
        for piece in self.text[pos:].splitlines(keepends=True):
            if piece.strip() and len(piece) - len(piece.lstrip(" ")) <= key_indent:
                break
            pos += len(piece)
        return len(self.text[:pos].rstrip("\r\n"))

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

    # migrate() checks its own output (only the documents it changed).
    self_validating = True

    def migrate(self, text: str, ctx: FileContext, rules: list[Rule]) -> str:
        # Costs follow V1 content: only documents that hold a needle are read.
        # Those a rule reads node by node (commands, probes, Helm image tags)
        # are composed by ruamel, once; the others are only syntax-checked by
        # libyaml, before and after the text rules edit them.
        node_needles = _node_needles(rules)
        parsed = Parsed(ctx.scratch)
        node_docs: set[int] = set()
        if node_needles is None or node_needles:
            node_docs = {start for start, _, _ in needle_documents(text, node_needles, ctx.scratch)}
            parsed.load(text, node_needles)
        new = run_span_rules(text, ctx, rules,
                             lambda rule, current: self._node_edits(rule, current, ctx, parsed, node_needles)
                             + text_edits(rule, current, ctx),
                             merge_edits)
        if new != text:
            self._check_output(text, new, ctx.scratch)
        elif node_needles is not None:
            # Nothing changed: the documents only text rules read must still be YAML
            # (a broken file is reported, not quietly read as text).
            masked = mask_templates(text)
            for start, end, lines in needle_documents(text, _needles(rules), ctx.scratch):
                if start not in node_docs:
                    check_syntax("\n" * lines + masked[start:end])
        return new

    def _check_output(self, old: str, new: str, scratch: dict[str, Any] | None = None) -> None:
        before = {old[a:b] for a, b in documents(old, scratch)}
        masked = mask_templates(new)
        line = previous = 0
        for start, end in documents(new):
            line += new.count("\n", previous, start)
            previous = start
            if new[start:end] in before:
                continue
            try:
                check_syntax("\n" * line + masked[start:end])
            except CarrierParseError as exc:
                # Broken before the rules ran (a file only text rules read)? Then it is bad input.
                old_masked = mask_templates(old)
                old_line = 0
                for a, b in documents(old):
                    try:
                        check_syntax("\n" * old_line + old_masked[a:b])
                    except CarrierParseError:
                        raise
                    finally:
                        old_line += old.count("\n", a, b)
                raise RuntimeError(f"the rewritten file does not parse as {self.label}: {exc}") from None

    def validate(self, text: str) -> str | None:
        try:
            load(text)
        except CarrierParseError as exc:
            return str(exc)
        return None

    # -- finding commands and probes --------------------------------------

    def _node_edits(self, rule: Rule, text: str, ctx: FileContext, parsed: Parsed | None = None,
                    needles: Needles = ()) -> list[Edit]:
        wants_commands = getattr(rule.impl, "rewrite_command", None) is not None
        review = getattr(rule.impl, "review_probe", None)
        tag_hook = getattr(rule.impl, "rewrite_image_tag", None)
        if not wants_commands and review is None and tag_hook is None:
            return []
        docs = parsed.load(text, needles) if parsed is not None else load(text)
        if not docs:
            return []
        scanner = _Scanner(text)
        edits: list[Edit] = []
        for doc in docs:
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
        argv = read_argv(words, syntax, scanner.text)
        if argv is None:
            return []
        script = argv.script
        if script is not None:
            for seq, base in seqs:
                if seq is not None and base <= script < base + len(seq):
                    line, column = seq.lc.item(script - base)
                    return self._shell_scalar(rule, seq[script - base], line, column, scanner, ctx)
            return []
        assert argv.command is not None
        if any(w.start < 0 for w in words[argv.command.program:]):
            self._report_seqs(rule, seqs, scanner, ctx, "a list item whose position could not be read")
            return []
        return command_edits(rule, [argv.command], ctx)

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
        folded = scanner.folded_script(value, line, column) if block is None else None
        if block is not None:
            start, end = block
        elif folded is not None:
            # One command over several lines: parse a copy whose line breaks in
            # the span are spaces (same length, so every offset holds).
            start, end = folded
            text = text[:start] + re.sub(r"[\r\n]", " ", text[start:end]) + text[end:]
        else:
            word = scanner.word(value, line, column)
            at = scanner.offset(line, column)
            line_end = text.find("\n", at)
            if text[at:at + 1] == ">" or (word is None and "\n" in str(value).strip()):
                # A folded block or a plain scalar over lines: point at every line of it.
                line_end = scanner.scalar_end(at)
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
        quoted = text[start - 1:start] in "\"'" and block is None
        # Words added inside a quoted YAML string must not use that quote.
        quote_char = text[start - 1]
        return shell_rule_edits(rule, text, ctx, start, end,
                                syntax=(lambda full: _InnerShell(full, quote_char)) if quoted else None)

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


def _needles(rules: list[Rule]) -> tuple[str, ...] | None:
    """The needles of ``rules`` as text (None: a rule without needles may apply anywhere)."""
    out: list[str] = []
    for rule in rules:
        if not rule.needles:
            return None
        out.extend(n.decode() for n in rule.needles)
    return tuple(out)


# A node hook reads only mappings with these keys: a document without them needs no composing.
HOOK_KEYS: dict[str, tuple[str, ...] | None] = {
    "rewrite_command": None, "review_probe": ("Probe",), "rewrite_image_tag": ("repository",)}


def _wants_nodes(rule: Rule) -> bool:
    impl = rule.impl
    return any(getattr(impl, hook, None) is not None for hook in HOOK_KEYS)


def _node_needles(rules: list[Rule]) -> Needles:
    """Needles of the documents the node hooks of ``rules`` must see composed (None: all).

    A rule's needle qualifies a document for its command hook; a hook that
    reads only some keys (Helm ``repository``/``tag``, probes) also needs the
    key in the same document.
    """
    out: list[str | tuple[str, ...]] = []
    for rule in rules:
        hooks = [hook for hook in HOOK_KEYS if getattr(rule.impl, hook, None) is not None]
        if not hooks:
            continue
        if not rule.needles:
            return None
        if any(HOOK_KEYS[hook] is None for hook in hooks):
            out.extend(n.decode() for n in rule.needles)
        else:
            out.extend((n.decode(), key) for n in rule.needles for hook in hooks for key in HOOK_KEYS[hook] or ())
    return tuple(out)


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
