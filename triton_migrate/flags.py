"""Translate a ``trtserver`` (V1) command line into a ``tritonserver`` (V2) one.

A pure function over an argv: no file, no shell, no printing, never raises.
The V1 to V2 facts live in ``triton_migrate.data.server_flags``; this module
only applies them.

Public API: ``translate_argv(argv, target, *, literal=None, assume=None) ->
FlagTranslation``, ``is_server_program(token)``, ``is_perf_client_program(token)``,
``apply_edits(argv, edits)``, ``looks_dynamic(text)``, and the result types
``FlagTranslation``, ``FlagNote``, ``TokenEdit``, ``NewToken``.
Which rule a note belongs to is the caller's business: a note only says
whether it is about the ``"program"`` or a ``"flag"`` (``FlagNote.subject``).

Calling it
----------
::

    from triton_migrate.flags import translate_argv
    from triton_migrate.versions import Version

    result = translate_argv(["trtserver", "--model-store=/models"], Version("2.51"))
    result.argv    # ('tritonserver', '--model-control-mode=poll',
                   #  '--disable-auto-complete-config', '--model-repository=/models')
    result.notes   # FlagNote(subject, index, severity, applied, message, replacement, v1), ...
    result.edits   # TokenEdit(kind, index, tokens), ... (what a carrier applies)

``argv[0]`` is the program token (``trtserver``, ``/opt/tensorrtserver/bin/trtserver``,
``tritonserver``, ...).  Pass every other word as the program will receive it:
quotes removed, but expansions (``$X``, ``${X}``, ``$(cmd)``, backquotes,
``{{ .Values.x }}``) left as written.  Such tokens are *not literal*: the translator
detects them by their ``$``, backquote or ``{{``; a carrier that knows better
passes ``literal=[...]``, one bool per token.  A non-literal value is passed
through, and reported when the translation depends on it; a whole-word
expansion such as ``"$@"`` on a V1 command line is reported too (it may carry
V1 flags).  ``perf_client`` command lines are translated by ``perf_flags``;
``triton_migrate.cli_flags.translate_command`` dispatches on the program.

Which reading: an argv is read as **V1** when its program is ``trtserver`` or lives
under ``/opt/tensorrtserver``, or when it holds a flag that no V2 release accepts
(``--allow-poll-model-repository``, ...); otherwise as **V2**, and then only the
flags the target refuses (``--tf-*`` from 2.2) are touched.  ``assume="v1"`` or
``"v2"`` overrides the guess (say a carrier knows the image is 20.03.1, whose
binary was already called ``tritonserver``).  A V2 argv valid for the target comes
back unchanged with no notes, and translating the result again changes nothing.

On a V1 argv, flags V1 had *by default* and V2 does not are added right after
the program, before every user token, so that a later token (``"$@"`` included)
still overrides them: ``--model-control-mode=poll`` (V1 polled the repository),
``--disable-auto-complete-config`` (targets >= 2.24: V1 required full configs) and
``--backend-config=tensorflow,version=1`` (2.25-2.32, when ``--tf-*`` flags show
TensorFlow in use).  Each addition is an applied note at index 0.

Notes
-----
``FlagNote.index`` is the ORIGINAL argv index of the token concerned (the flag
name's token in the ``--flag value`` form; 0 for additions and the program).
``applied`` is True when the rewrite keeps the V1 behaviour and nothing is left
to do (severity ``info``); False when a person must act (``warning``, or
``error`` when V2 cannot run the command as it is).  Every V1 flag that V2
refuses gets exactly one note.  ``note.finding(rule, path, line, column, end_line,
end_column)`` turns a note into a ``Finding`` of the caller's rule once the
carrier knows the span.

Applying the edits (the carrier's side)
---------------------------------------
``result.edits`` holds at most ONE edit per original index, sorted by index:

* ``TokenEdit("replace", i, tokens)``: token *i* becomes ``tokens`` (one or more);
* ``TokenEdit("delete", i)``: token *i* goes, with the separator before it;
* ``TokenEdit("insert_after", i, tokens)``: ``tokens`` come right after token *i*.

Every token not named by an edit stays as it is, so a carrier keeps its bytes
and its quoting.  Apply the edits from the last index to the first, so that the
spans of the earlier tokens stay valid::

    for edit in reversed(result.edits):
        start, end = spans[edit.index]          # the token's span in the file
        raw = text[start:end]                   # as written, quotes included
        new = [tok.render(raw, quote) for tok in edit.tokens]
        if edit.kind == "replace":
            text = text[:start] + SEP.join(new) + text[end:]
        elif edit.kind == "insert_after":
            text = text[:end] + "".join(SEP + t for t in new) + text[end:]
        else:  # delete: also remove the separator before the token
            text = text[:previous_end(edit.index)] + text[end:]

``quote`` is the carrier's quoting of a whole new word (``shlex.quote`` for a
shell, a JSON or YAML string quoter for those files); ``SEP`` its separator
(``" "``, ``", "`` or a new list line).  ``NewToken.render`` keeps the quoting
and the expansions of a rewritten token: when only its head (a flag name) or
its tail (a program name) changes, it replaces that literal piece inside the raw
text (also inside one pair of surrounding quotes), so ``--model-store="$DIR"``
becomes ``--model-repository="$DIR"``; otherwise it quotes the new text whole.
``apply_edits(argv, edits)`` does the same on a plain list (it is how
``result.argv`` is made), and ``result.origin[j]`` gives, for each token of the
new argv, the original index it stands for (None for added tokens).
"""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from typing import Callable, Literal, Sequence

from triton_migrate.data import server_flags as facts
from triton_migrate.findings import Finding, Severity
from triton_migrate.versions import DEFAULT_TARGET, Version

__all__ = [
    "FlagNote", "FlagTranslation", "NewToken", "TokenEdit",
    "apply_edits", "is_perf_client_program", "is_server_program", "looks_dynamic",
    "translate_argv",
]

EditKind = Literal["replace", "delete", "insert_after"]
Reading = Literal["v1", "v2"]
# What a note is about: the program word (its rename) or a flag.
Subject = Literal["program", "flag"]

# Characters that need no quoting in a shell word, a YAML plain scalar or a JSON
# string: a piece made of these can be swapped inside raw text as it is.
_SAFE_PIECE = re.compile(r"[\w@%+=:,./-]*\Z")
_QUOTES = ("'", '"')


def looks_dynamic(text: str) -> bool:
    """True when the word holds an expansion (shell, k8s ``$(VAR)``, Helm or Jinja)."""
    return "$" in text or "`" in text or "{{" in text


@dataclass(frozen=True)
class NewToken:
    """One word of a replacement.

    ``text`` is the word as the program will receive it.  When the word is the
    edited original token with only a literal piece changed, ``old`` is that piece
    of the original and ``new`` its replacement, at the start of the token (or at
    its end with ``at_end``); ``old`` is None for a word written from scratch.
    """

    text: str
    old: str | None = None
    new: str = ""
    at_end: bool = False

    def render(self, raw: str, quote: Callable[[str], str]) -> str:
        """The new word's source text, given the original token's raw source text."""
        if self.old is not None and _SAFE_PIECE.match(self.new):
            spliced = self._splice(raw)
            if spliced is not None:
                return spliced
        return quote(self.text)

    def _splice(self, raw: str) -> str | None:
        old = self.old or ""
        if self.at_end:
            if raw[-1:] in _QUOTES and len(raw) >= 2 and raw[:-1].endswith(old) \
                    and len(raw) - 1 - len(old) >= 1:
                return raw[:len(raw) - 1 - len(old)] + self.new + raw[-1]
            if raw.endswith(old):
                return raw[:len(raw) - len(old)] + self.new
            return None
        if raw[:1] in _QUOTES and len(raw) >= 2 and raw[1:].startswith(old):
            return raw[0] + self.new + raw[1 + len(old):]
        if raw.startswith(old):
            return self.new + raw[len(old):]
        return None


@dataclass(frozen=True)
class TokenEdit:
    """One change to one token of the original argv (see the module docstring)."""

    kind: EditKind
    index: int
    tokens: tuple[NewToken, ...] = ()


@dataclass(frozen=True)
class FlagNote:
    """Something the translator did or could not do, about one original token."""

    subject: Subject
    index: int
    severity: Severity
    applied: bool
    message: str
    replacement: str | None = None
    v1: str | None = None

    def finding(self, rule: str, path: str, line: int, column: int, end_line: int,
                end_column: int) -> Finding:
        """The note as a finding of ``rule`` (the caller's rule id) at a span."""
        return Finding(rule, path, line, column, end_line, end_column, self.severity,
                       self.applied, self.message, self.replacement, self.v1)


@dataclass(frozen=True)
class FlagTranslation:
    """The translated argv, how to get there from the original, and the notes."""

    original: tuple[str, ...]
    argv: tuple[str, ...]
    edits: tuple[TokenEdit, ...]
    notes: tuple[FlagNote, ...]
    origin: tuple[int | None, ...]
    reading: Reading

    @property
    def changed(self) -> bool:
        return bool(self.edits)


def apply_edits(argv: Sequence[str], edits: Sequence[TokenEdit]
                ) -> tuple[tuple[str, ...], tuple[int | None, ...]]:
    """The new argv and, for each of its tokens, the original index it stands for."""
    by_index = {edit.index: edit for edit in edits}
    words: list[str] = []
    origin: list[int | None] = []
    for index, token in enumerate(argv):
        edit = by_index.get(index)
        if edit is None:
            words.append(token)
            origin.append(index)
        elif edit.kind == "replace":
            for position, new in enumerate(edit.tokens):
                words.append(new.text)
                origin.append(index if position == 0 else None)
        elif edit.kind == "insert_after":
            words.append(token)
            origin.append(index)
            for new in edit.tokens:
                words.append(new.text)
                origin.append(None)
    return tuple(words), tuple(origin)


# --- programs -----------------------------------------------------------------

def _program_name(token: str, names: frozenset[str]) -> bool:
    if not token or token.endswith("/") or any(c.isspace() for c in token):
        return False
    base = token.rsplit("/", 1)[-1]
    return base in names and not looks_dynamic(base)


_SERVER_NAMES = frozenset({facts.V1_SERVER_PROGRAM, facts.V2_SERVER_PROGRAM})
_PERF_NAMES = frozenset({facts.PERF_V1_PROGRAM, facts.PERF_V2_PROGRAM})


def is_server_program(token: str) -> bool:
    """``trtserver`` or ``tritonserver``, bare or as a path (not ``trtserver-config``)."""
    return _program_name(token, _SERVER_NAMES)


def is_perf_client_program(token: str) -> bool:
    """``perf_client`` or ``perf_analyzer``, bare or as a path."""
    return _program_name(token, _PERF_NAMES)


def _v1_program(token: str) -> bool:
    if not is_server_program(token):
        return False
    directory = posixpath.dirname(token)
    return (token.rsplit("/", 1)[-1] == facts.V1_SERVER_PROGRAM
            or directory == facts.V1_INSTALL_DIR
            or directory.startswith(facts.V1_INSTALL_DIR + "/"))


def _rename_program(token: str) -> NewToken | None:
    """The V2 program token, or None when it already is one."""
    if not _v1_program(token):
        return None
    directory, _, base = token.rpartition("/")
    new_base = facts.V2_SERVER_PROGRAM
    if directory == facts.V1_INSTALL_DIR or directory.startswith(facts.V1_INSTALL_DIR + "/"):
        new_dir = facts.V2_INSTALL_DIR + directory[len(facts.V1_INSTALL_DIR):]
        return NewToken(f"{new_dir}/{new_base}", old=token, new=f"{new_dir}/{new_base}")
    if base == new_base:
        return None
    text = f"{directory}/{new_base}" if "/" in token else new_base
    return NewToken(text, old=base, new=new_base, at_end=True)


# --- parsing (GNU getopt_long, long options only) ------------------------------

@dataclass
class _Flag:
    index: int                 # the token holding the flag name
    written: str               # the name as written (maybe abbreviated)
    v1: facts.V1Flag | None
    v2: facts.V2Flag | None
    value: str | None = None
    value_index: int | None = None   # == index for --name=value
    literal: bool = True             # is the value literal?
    missing: bool = False            # needs a value and the argv ended

    @property
    def name(self) -> str:
        if self.v1 is not None:
            return self.v1.name
        if self.v2 is not None:
            return self.v2.name
        return self.written

    @property
    def spaced(self) -> bool:
        return self.value_index is not None and self.value_index != self.index

    @property
    def abbreviated(self) -> bool:
        return self.written != self.name

    def indices(self) -> tuple[int, ...]:
        return (self.index, self.value_index) if self.spaced else (self.index,)  # type: ignore[return-value]

    def v1_text(self, argv: Sequence[str]) -> str:
        return " ".join(argv[i] for i in self.indices())


def _resolve(name: str) -> tuple[facts.V1Flag | None, facts.V2Flag | None]:
    if name in facts.V1_FLAGS:
        return facts.V1_FLAGS[name], None
    if name in facts.V2_ONLY_FLAGS:
        return None, facts.V2_ONLY_FLAGS[name]
    if not name or looks_dynamic(name):
        return None, None
    # getopt_long takes any unambiguous prefix of a long option.
    matches = [flag for key, flag in facts.V1_FLAGS.items() if key.startswith(name)]
    if len(matches) == 1:
        return matches[0], None
    return None, None


def _parse(argv: Sequence[str], literal: Sequence[bool]
           ) -> tuple[list[_Flag], list[int]]:
    """The flags, and the indices of the other words (values of unknown flags included)."""
    flags: list[_Flag] = []
    others: list[int] = []
    index, ended = 1, False
    while index < len(argv):
        token = argv[index]
        if ended or not token.startswith("--") or token == "--":
            ended = ended or token == "--"
            others.append(index)
            index += 1
            continue
        name, eq, value = token[2:].partition("=")
        v1, v2 = _resolve(name)
        flag = _Flag(index, name, v1, v2)
        takes_value = v1.takes_value if v1 else (v2.takes_value if v2 else False)
        if eq:
            flag.value, flag.value_index, flag.literal = value, index, literal[index]
        elif takes_value:
            if index + 1 < len(argv):
                index += 1
                flag.value, flag.value_index, flag.literal = argv[index], index, literal[index]
            else:
                flag.missing = True
        flags.append(flag)
        index += 1
    return flags, others


# --- values -------------------------------------------------------------------

def _bool(value: str) -> bool | None:
    lowered = value.lower()
    if lowered in facts.BOOL_TRUE:
        return True
    if lowered in facts.BOOL_FALSE:
        return False
    return None


_INT = re.compile(r"\s*([+-]?\d+)")


def _int(value: str) -> int | None:
    # V1 read integers with std::stoi: leading blanks, a sign, trailing junk ignored.
    match = _INT.match(value)
    return int(match.group(1)) if match else None


def _normal(kind: str, value: str) -> str:
    if kind == "bool":
        parsed = _bool(value)
        return value.lower() if parsed is None else ("true" if parsed else "false")
    if kind == "int":
        number = _int(value)
        return value if number is None else str(number)
    return value.lower()


# --- the translation ------------------------------------------------------------

@dataclass
class _Work:
    """What one translation accumulates; turned into a FlagTranslation at the end."""

    argv: Sequence[str]
    target: Version
    reading: Reading
    edits: dict[int, TokenEdit] = field(default_factory=dict)
    notes: list[FlagNote] = field(default_factory=list)
    additions: list[str] = field(default_factory=list)

    def note(self, index: int, message: str, severity: Severity = "info", applied: bool = True,
             replacement: str | None = None, v1: str | None = None,
             subject: Subject = "flag") -> None:
        self.notes.append(FlagNote(subject, index, severity, applied, message, replacement, v1))

    def replace(self, index: int, *tokens: NewToken) -> None:
        self.edits[index] = TokenEdit("replace", index, tokens)

    def delete(self, *indices: int) -> None:
        for index in indices:
            self.edits[index] = TokenEdit("delete", index)

    def replace_flag(self, flag: _Flag, words: Sequence[str]) -> None:
        """Put whole new words in place of a flag and its value."""
        if words:
            self.replace(flag.index, *(NewToken(word) for word in words))
        else:
            self.delete(flag.index)
        if flag.spaced:
            self.delete(flag.value_index)  # type: ignore[arg-type]

    def add(self, word: str, message: str) -> None:
        self.additions.append(word)
        self.note(0, message.format(v2=word), replacement=word)


def _at(target: Version, version: str | None) -> bool:
    return version is not None and Version(version) <= target


def _accepted(flag: facts.V1Flag, target: Version) -> bool:
    """Does the target release still parse this V1 flag?"""
    return not _at(target, flag.removed_in) or _at(target, flag.readded_in)


def _never_v2(flag: facts.V1Flag, target: Version) -> bool:
    """A flag no V2 release up to the target took: the argv must be V1."""
    return flag.removed_in == "2.0.0" and not _at(target, flag.readded_in)


def translate_argv(argv: Sequence[str], target: Version = DEFAULT_TARGET, *,
                   literal: Sequence[bool] | None = None,
                   assume: Reading | None = None) -> FlagTranslation:
    """Translate one server command line; ``argv[0]`` is the program (module docstring)."""
    lits = tuple(literal[i] if literal is not None and i < len(literal)
                 else t is not None and not looks_dynamic(t) for i, t in enumerate(argv))
    # A word whose text a carrier could not know at all is read as an empty,
    # non-literal word rather than refused: the translator never raises.
    lits = tuple(lit and t is not None for lit, t in zip(lits, argv))
    argv = tuple("" if t is None else t for t in argv)
    if not argv:
        return FlagTranslation(argv, argv, (), (), (), assume or "v2")
    flags, others = _parse(argv, lits)
    reading: Reading = assume or (
        "v1" if _v1_program(argv[0]) or any(f.v1 and _never_v2(f.v1, target) for f in flags)
        else "v2")
    work = _Work(argv, target, reading)

    behaviours: dict[str, list[_Flag]] = {}
    for flag in flags:
        if flag.v1 is None:
            _other_flag(work, flag)
            continue
        if reading == "v2" and _accepted(flag.v1, target):
            continue
        rewrite = facts.rewrite_at(flag.v1, target.parts)
        if flag.missing and rewrite.action != "keep":
            work.note(flag.index, facts.MISSING_VALUE.format(flag=argv[flag.index]),
                      "error", False, v1=argv[flag.index])
        elif rewrite.action == "behaviour":
            behaviours.setdefault(rewrite.handler, []).append(flag)
        else:
            _RULES[rewrite.action](work, flag, rewrite)

    if reading == "v1":
        for index in others:
            token = argv[index]
            if not lits[index] and (token.startswith("-") or looks_dynamic(token.split("=")[0])):
                work.note(index, facts.OPAQUE_TOKEN.format(flag=token), "warning", False,
                          v1=token)
    # The V1 defaults are only spelled out on a V1 reading; the handlers still
    # translate the removed flags themselves when a caller forces a V2 reading.
    defaults = reading == "v1"
    _model_control(work, flags, behaviours.get("model-control", []), defaults)
    if defaults and _at(target, "2.24.0"):
        _strict_model_config(work, flags, behaviours.get("strict-model-config", []))
    if defaults:
        _tensorflow_version(work, flags)
    _health_port(work, flags, behaviours.get("http-health-port", []))
    return _finish(work)


def _finish(work: _Work) -> FlagTranslation:
    argv = work.argv
    if work.reading == "v1":
        program = _rename_program(argv[0])
        if program is not None:
            work.replace(0, program)
            work.note(0, facts.PROGRAM_RENAMED.format(flag=argv[0], v2=program.text),
                      replacement=program.text,
                      v1=argv[0], subject="program")
    if work.additions:
        added = tuple(NewToken(word) for word in work.additions)
        first = work.edits.get(0)
        if first is not None:
            work.edits[0] = replace(first, tokens=first.tokens + added)
        else:
            work.edits[0] = TokenEdit("insert_after", 0, added)
    edits = tuple(work.edits[i] for i in sorted(work.edits))
    new_argv, origin = apply_edits(argv, edits)
    notes = tuple(sorted(work.notes, key=lambda n: n.index))
    return FlagTranslation(argv, new_argv, edits, notes, origin, work.reading)


# --- one flag at a time -------------------------------------------------------------

def _other_flag(work: _Work, flag: _Flag) -> None:
    """A flag that V1 did not have: a V2 one, or an unknown one."""
    token = work.argv[flag.index]
    if flag.v2 is not None:
        if not _at(work.target, flag.v2.since):
            work.note(flag.index, facts.V2_FLAG_TOO_NEW.format(
                flag=token, since=flag.v2.since, target=work.target), "warning", False, v1=token)
        return
    if work.reading != "v1":
        return
    if looks_dynamic(flag.written):
        work.note(flag.index, facts.OPAQUE_TOKEN.format(flag=token), "warning", False, v1=token)
    else:
        work.note(flag.index, facts.UNKNOWN_FLAG.format(flag=token), "warning", False, v1=token)


def _keep(work: _Work, flag: _Flag, rewrite: facts.Rewrite) -> None:
    if flag.abbreviated and work.reading == "v1":
        _rename(work, flag, replace(rewrite, to=flag.name, message=facts.ABBREVIATED))


def _rename(work: _Work, flag: _Flag, rewrite: facts.Rewrite) -> None:
    argv = work.argv
    value = flag.value
    if value is None:                        # --help, or a value missing (kept as it is)
        if not flag.missing:
            head = f"--{rewrite.to}"
            work.replace(flag.index, NewToken(head, old=f"--{flag.written}", new=head))
            work.note(flag.index, rewrite.message.format(flag=argv[flag.index], v2=head),
                      replacement=head, v1=argv[flag.index])
        return
    normal = value
    if rewrite.bool_value and flag.literal and _bool(value) is not None:
        normal = "true" if _bool(value) else "false"
    head = f"--{rewrite.to}"
    if flag.spaced:
        work.replace(flag.index, NewToken(head, old=f"--{flag.written}", new=head))
        if normal != value:
            work.replace(flag.value_index, NewToken(rewrite.value_prefix + normal))  # type: ignore[arg-type]
        elif rewrite.value_prefix:
            work.replace(flag.value_index,  # type: ignore[arg-type]
                         NewToken(rewrite.value_prefix + value, old="", new=rewrite.value_prefix))
        v2 = f"{head} {rewrite.value_prefix}{normal}"
    else:
        new_head = f"{head}={rewrite.value_prefix}"
        v2 = new_head + normal
        if normal != value:
            work.replace(flag.index, NewToken(v2))
        else:
            work.replace(flag.index, NewToken(v2, old=f"--{flag.written}=", new=new_head))
    work.note(flag.index, rewrite.message.format(flag=flag.v1_text(argv), v2=v2, value=value),
              replacement=v2, v1=flag.v1_text(argv))


def _drop(work: _Work, flag: _Flag, rewrite: facts.Rewrite) -> None:
    v1_flag = flag.v1
    assert v1_flag is not None
    text = flag.v1_text(work.argv)
    work.delete(*flag.indices())
    default = v1_flag.v1_default
    if flag.literal and default is not None and flag.value is not None \
            and _normal(v1_flag.kind, flag.value) == _normal(v1_flag.kind, default):
        work.note(flag.index, facts.DROP_DEFAULT_VALUE.format(flag=text), v1=text)
    else:
        work.note(flag.index, rewrite.message.format(flag=text), "warning", False, v1=text)


def _values(work: _Work, flag: _Flag, rewrite: facts.Rewrite) -> None:
    v1_flag = flag.v1
    assert v1_flag is not None and flag.value is not None
    outcome = rewrite.otherwise
    if flag.literal:
        outcome = rewrite.values.get(_normal(v1_flag.kind, flag.value), rewrite.otherwise)
    text = flag.v1_text(work.argv)
    words = outcome.tokens
    if words is None:
        _keep(work, flag, rewrite)
        if outcome.message:
            work.note(flag.index, outcome.message.format(flag=text, value=flag.value),
                      outcome.severity, outcome.applied, v1=text)
        return
    work.replace_flag(flag, words)
    v2 = " ".join(words) or None
    work.note(flag.index, outcome.message.format(flag=text, value=flag.value, v2=v2),
              outcome.severity, outcome.applied, replacement=v2, v1=text)


_RULES: dict[str, Callable[[_Work, _Flag, facts.Rewrite], None]] = {
    "keep": _keep, "rename": _rename, "drop": _drop, "values": _values,
}


# --- behaviours that depend on several flags -----------------------------------

def _last(flags: list[_Flag], name: str) -> _Flag | None:
    found = [flag for flag in flags if flag.name == name]
    return found[-1] if found else None


def _model_control(work: _Work, flags: list[_Flag], deprecated: list[_Flag],
                   defaults: bool) -> None:
    """V1's effective model control mode, spelled the V2 way (spec section 1)."""
    argv = work.argv
    if not deprecated and not defaults:
        return
    if _last(flags, "model-control-mode") is not None:
        for flag in deprecated:     # V1 ignored them: --model-control-mode wins
            text = flag.v1_text(argv)
            work.delete(*flag.indices())
            work.note(flag.index, facts.MODEL_CONTROL_FLAG_NO_EFFECT.format(
                flag=text, why=facts.MODEL_CONTROL_WHY_MODE_GIVEN), v1=text)
        return

    def read(flag: _Flag | None) -> bool | str | None:
        """True/False, None when absent, "?" when unknown, "!" when V1 refused it."""
        if flag is None:
            return None
        if not flag.literal or flag.value is None:
            return "?"
        parsed = _bool(flag.value)
        return "!" if parsed is None else parsed

    control = _last(deprecated, "allow-model-control")
    poll = _last(deprecated, "allow-poll-model-repository")
    control_value, poll_value = read(control), read(poll)
    for flag, value in ((control, control_value), (poll, poll_value)):
        if value == "!" and flag is not None:
            for other in deprecated:
                text = other.v1_text(argv)
                work.note(other.index, facts.MODEL_CONTROL_FLAG_INVALID.format(flag=text),
                          "error", False, v1=text)
            return

    mode: str | None
    source: _Flag | None = None
    if control_value is True:
        mode, source = "explicit", control
    elif control_value == "?" or (poll_value == "?" and control_value is not True):
        unknown = " ".join(f.v1_text(argv) for f in (control, poll)
                           if f is not None and read(f) == "?")
        for flag in deprecated:
            text = flag.v1_text(argv)
            work.note(flag.index, facts.MODEL_CONTROL_FLAG_UNKNOWN.format(
                flag=text, unknown=unknown), "error", False, v1=text)
        return
    elif poll_value is True:
        mode, source = "poll", poll
    elif poll_value is False:
        mode, source = "none", poll
    else:
        # Neither deprecated flag decides: V1 polled unless the poll interval was 0.
        secs = _last(flags, "repository-poll-secs")
        seconds = _int(secs.value) if secs and secs.literal and secs.value is not None else None
        mode = "none" if seconds is not None and seconds <= 0 else "poll"
        if mode == "poll" and defaults:
            known = secs is None or secs.value is None or seconds is not None
            work.add("--model-control-mode=poll", facts.MODEL_CONTROL_DEFAULT_POLL if known
                     else facts.MODEL_CONTROL_SECS_UNKNOWN)

    for flag in deprecated:
        text = flag.v1_text(argv)
        if flag is source and mode != "none":
            word = f"--model-control-mode={mode}"
            work.replace_flag(flag, [word])
            work.note(flag.index, facts.MODEL_CONTROL_FLAG_TO_MODE.format(flag=text, v2=word),
                      replacement=word, v1=text)
        elif flag is source:
            work.delete(*flag.indices())
            work.note(flag.index, facts.MODEL_CONTROL_FLAG_TO_NONE.format(flag=text), v1=text)
        else:
            work.delete(*flag.indices())
            work.note(flag.index, facts.MODEL_CONTROL_FLAG_NO_EFFECT.format(
                flag=text, why=facts.MODEL_CONTROL_WHY_OVERRIDDEN), v1=text)


def _present(flags: list[_Flag], name: str) -> bool:
    return any(flag.name == name for flag in flags)


def _strict_model_config(work: _Work, flags: list[_Flag], given: list[_Flag]) -> None:
    """From 2.24 V2 auto-completes configs; V1 (strict by default) did not."""
    argv = work.argv
    if not given:
        if not _present(flags, "disable-auto-complete-config"):
            work.add("--disable-auto-complete-config", facts.STRICT_DEFAULT)
        return
    *earlier, last = given
    for flag in earlier:        # the last one wins, in V1 as in V2
        text = flag.v1_text(argv)
        work.delete(*flag.indices())
        work.note(flag.index, facts.STRICT_OVERRIDDEN.format(flag=text), v1=text)
    text = last.v1_text(argv)
    value = None if last.value is None or not last.literal else _bool(last.value)
    if value is True:
        word = "--disable-auto-complete-config"
        work.replace_flag(last, [word])
        work.note(last.index, facts.STRICT_TRUE.format(flag=text, v2=word), replacement=word,
                  v1=text)
    elif value is False:
        work.delete(*last.indices())
        work.note(last.index, facts.STRICT_FALSE.format(flag=text), v1=text)
    elif last.literal and last.value is not None:
        work.note(last.index, facts.STRICT_INVALID.format(flag=text), "error", False, v1=text)
    elif last.value is not None:
        work.note(last.index, facts.STRICT_UNKNOWN.format(flag=text), "warning", False, v1=text)


def _health_port(work: _Work, flags: list[_Flag], given: list[_Flag]) -> None:
    """V2 serves health on the HTTP port only: say so when V1 used another one."""
    argv = work.argv
    http = _last(flags, "http-port")
    http_port: int | None = 8000
    if http is not None:
        http_port = _int(http.value) if http.literal and http.value is not None else None
    for flag in given:
        text = flag.v1_text(argv)
        work.delete(*flag.indices())
        port = _int(flag.value) if flag.literal and flag.value is not None else None
        if port is not None and port == http_port:
            work.note(flag.index, facts.HEALTH_SAME_PORT.format(flag=text), v1=text)
        elif port is not None and http_port is not None:
            work.note(flag.index, facts.HEALTH_OTHER_PORT.format(
                flag=text, value=port, http_port=http_port), "warning", False, v1=text)
        else:
            work.note(flag.index, facts.HEALTH_UNKNOWN.format(flag=text), "warning", False,
                      v1=text)


def _tensorflow_version(work: _Work, flags: list[_Flag]) -> None:
    """V1 shipped TensorFlow 1; say what the target's TensorFlow backend needs."""
    tf_flags = sorted({flag.name for flag in flags
                       if flag.v1 is not None and flag.name.startswith("tf-")})
    if not tf_flags or not _at(work.target, facts.TF_DEFAULT_2_FROM):
        return
    if any(flag.name == "backend-config" and (flag.value or "").startswith("tensorflow,version=")
           for flag in flags):
        return
    names = ", ".join(f"--{name}" for name in tf_flags)
    if _at(work.target, facts.TF1_GONE_FROM):
        work.note(0, facts.TF1_UNSUPPORTED.format(flags=names, v2=facts.TF_VERSION_FLAG),
                  "warning", False, replacement=facts.TF_VERSION_FLAG)
    else:
        work.add(facts.TF_VERSION_FLAG, facts.TF_VERSION_ADDED.replace("{flags}", names))
