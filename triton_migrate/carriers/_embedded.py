"""Code embedded in another file (a Markdown fence, an RST literal block, a
template body): migrated by the carrier of its own language, through that
carrier's ``migrate`` entry, with the findings moved back into the host file.

Shared by the ``markdown``, ``rst`` and ``template`` carriers.  The V1 name
detector here (``V1_NAMES``) decides which embedded pieces are read at all
(a block without a V1 name is never touched) and which names are left over
after the migration; those are handed to the rules' ``check_leftovers(leftovers,
ctx)`` hook (``unconverted_v1_names`` reports them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from triton_migrate.carriers import Carrier, CarrierParseError, get_carrier, run_report_rules
from triton_migrate.context import FileContext

if TYPE_CHECKING:
    from triton_migrate.findings import Finding
    from triton_migrate.rule import Rule

# V1 names as a reader would recognise them (independent of the rules' needles).
V1_NAMES = re.compile(
    r"(?<![\w.-])tensorrtserver(?![\w-])|(?<![\w/.-])trtserver(?![\w-])|/opt/tensorrtserver\b|libtrtserver\b"
    r"|\b(?:InferContext|ServerHealthContext|ServerStatusContext|ModelControlContext|ModelRepositoryContext"
    r"|SharedMemoryControlContext|InferRequestHeader|ProtocolType)\b"
    r"|/api/(?:health|infer|status|modelcontrol|sharedmemorycontrol|repository)\b"
    r"|\btritonserver:(?:20\.03(?:\.1)?-py3|20\.0[67]-v1-py3)(?:-clientsdk)?(?![\w.-])"
    r"|\b(?:NVIDIA_)?TENSORRT_SERVER_\w+|(?<![\w-])perf_client\b"
    r"|--(?:model-store|api-version|http-health-port|allow-poll-model-repository|allow-model-control"
    r"|tf-add-vgpu|tf-gpu-memory-fraction|tf-allow-soft-placement|grpc-infer-thread-count"
    r"|grpc-stream-infer-thread-count)\b"
)
V1_NEEDLES = (b"tensorrtserver", b"trtserver", b"InferContext", b"ServerHealthContext", b"ServerStatusContext",
              b"ModelControlContext", b"ModelRepositoryContext", b"SharedMemoryControlContext",
              b"InferRequestHeader", b"ProtocolType", b"/api/health", b"/api/infer", b"/api/status",
              b"/api/modelcontrol", b"/api/sharedmemorycontrol", b"/api/repository", b"TENSORRT_SERVER_",
              b"perf_client", b"tritonserver:20.03", b"tritonserver:20.06-v1",
              b"tritonserver:20.07-v1", b"--model-store", b"--api-version", b"--http-health-port",
              b"--allow-poll-model-repository", b"--allow-model-control", b"--tf-add-vgpu",
              b"--tf-gpu-memory-fraction", b"--tf-allow-soft-placement", b"-infer-thread-count")

@dataclass
class Leftovers:
    """What stays V1 in a host file after its pieces were migrated (for ``check_leftovers`` hooks).

    ``code``: (line, first V1 name, line text, language or "text", why the
    piece was not migrated or "") for each line of a piece that still names a
    V1 thing and no finding names;
    ``prose``: (line, V1 names) for each line outside the pieces.
    """

    host: str
    code: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    prose: list[tuple[int, list[str]]] = field(default_factory=list)


@dataclass
class Piece:
    """One embedded piece: its lines ``[first, end)`` of the host (0-based) and how to read it."""

    first: int
    end: int
    carrier: str | None
    prefix: str = ""     # removed from every non-blank line, put back after
    prompts: bool = False  # a console session: only prompt lines (and their continuations) are commands
    gate: bool = True      # read only when it holds a V1 name (False: the rules' needles decide)


def migrate_text_as(carrier_name: str, body: str, ctx: FileContext,
                    host_rules: list[Rule], strict: bool = False,
                    problems: list[str] | None = None) -> tuple[str, list[Finding]]:
    """Run the rules of ``host_rules`` that ``carrier_name`` calls on ``body``;
    (new text, findings in body lines).

    A body that does not parse is left as it is (its V1 names become residue
    findings), or with ``strict`` (a whole file, not a snippet) raises CarrierParseError.
    """
    try:
        carrier: Carrier = get_carrier(carrier_name)
    except KeyError:
        return body, []
    # The host's leftover reporter (check_leftovers) reads the host after its pieces, not inside them.
    rules = [r for r in host_rules if carrier_name in getattr(r, "carriers", (carrier_name,)) and r.may_apply(body)
             and getattr(r.impl, "check_leftovers", None) is None]
    if not rules:
        return body, []
    masked, placeholders = mask_placeholders(body) if carrier_name == "shell" else (body, {})
    child = FileContext(ctx.path, masked, ctx.settings)
    try:
        new = carrier.migrate(masked, child, rules)
    except CarrierParseError as exc:
        if strict:
            raise
        if problems is not None:
            problems.append(f"it does not parse as {carrier.label}: {exc}")
        return body, []
    if placeholders:
        new = unmask_placeholders(new, placeholders)
        if new is None:
            return body, []
    if new != body and not carrier.self_validating:
        problem = carrier.validate(new)
        if problem:
            raise RuntimeError(f"an embedded {carrier.label} block no longer parses after migration: {problem}")
    return new, list(child.findings)


# Documentation placeholders (`<docker image>`, `<xx.yy>`) read as redirections by a
# shell parser: they are masked with a word of the same length, then put back.
_PLACEHOLDER = re.compile(r"(?<![<\w])<([A-Za-z][\w.-]*(?: [\w.-]+)*)>(?![>\w])")


def mask_placeholders(text: str) -> tuple[str, dict[str, str]]:
    found: dict[str, str] = {}

    def mask(match: re.Match[str]) -> str:
        word = "_" + re.sub(r"\W", "_", match.group(1)) + "_"
        if word in text or found.get(word, match.group(0)) != match.group(0):
            return match.group(0)
        found[word] = match.group(0)
        return word

    return _PLACEHOLDER.sub(mask, text), found


def unmask_placeholders(text: str, found: dict[str, str]) -> str | None:
    for word, original in found.items():
        if word not in text:
            return None  # a rule edited the placeholder: keep the block as it was
        text = text.replace(word, original)
    return text


def moved(finding: Finding, line_offset: int, column_offset: int, path: str) -> Finding:
    return replace(finding, path=path, line=finding.line + line_offset, end_line=finding.end_line + line_offset,
                   column=finding.column + column_offset, end_column=finding.end_column + column_offset)


_PROMPT = re.compile(r"^([$%] |[#>] )")


def console_prompt(lines: list[str]) -> str | None:
    """The prompt of a console session (``$ ``, ``% ``; ``# `` or ``> `` when every line has it)."""
    body = [line for line in lines if line.strip()]
    if not body:
        return None
    first = _PROMPT.match(body[0])
    if first and first.group(1) in ("$ ", "% "):
        return first.group(1)
    if first and all(line.startswith(first.group(1)) for line in body):
        return first.group(1)
    if any(line.startswith(("$ ", "% ")) for line in body):
        return next(line[:2] for line in body if line.startswith(("$ ", "% ")))
    return None


def migrate_console(lines: list[str], prompt: str, ctx: FileContext,
                    host_rules: list[Rule]) -> tuple[list[str], list[Finding]]:
    """Each prompt command (with its continuation lines) is migrated as shell; output lines stay."""
    out: list[str] = []
    findings: list[Finding] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.startswith(prompt):
            out.append(line)
            i += 1
            continue
        j = i + 1
        while j < len(lines) and lines[j - 1].rstrip("\r\n").endswith("\\"):
            j += 1
        snippet = " " * len(prompt) + "".join(lines[i:j])[len(prompt):]
        new, found = migrate_text_as("shell", snippet, ctx, host_rules)
        if new != snippet and new.startswith(" " * len(prompt)):
            new = prompt + new[len(prompt):]
        else:
            new = "".join(lines[i:j])
        out.extend(new.splitlines(keepends=True))
        findings.extend(moved(f, i, 0, ctx.path) for f in found)
        i = j
    return out, findings


def is_python_session(lines: list[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    return first.startswith(">>>")


def _session_code(line: str) -> str | None:
    """The code of a ``>>>`` / ``...`` line, None for an output line."""
    bare = line.rstrip("\r\n")
    if bare in (">>>", "..."):
        return line[3:]
    if line.startswith((">>> ", "... ")):
        return line[4:]
    return None


def migrate_python_session(lines: list[str], ctx: FileContext, host_rules: list[Rule],
                           problems: list[str]) -> tuple[list[str], list[Finding]]:
    """A ``>>>`` session: its prompt lines are one Python program; output lines stay.

    Lines the rules add get a ``>>> `` prompt (``... `` when indented); the
    program's findings are moved to the session lines they come from.
    """
    import difflib

    code_at = [k for k, line in enumerate(lines) if _session_code(line) is not None]
    old = [_session_code(lines[k]) or "" for k in code_at]
    old = [line if line.endswith(("\n", "\r")) else line + "\n" for line in old]
    new_text, found = migrate_text_as("python", "".join(old), ctx, host_rules, problems=problems)
    findings = [replace(f, line=code_at[min(f.line, len(code_at)) - 1] + 1,
                        end_line=code_at[min(f.end_line, len(code_at)) - 1] + 1) for f in found]
    new = new_text.splitlines(keepends=True)
    if new == old:
        return lines, findings

    starts = _statement_starts(new_text)

    def prompt(j: int) -> str:  # `>>> ` where a top-level statement starts, `... ` inside one
        mark = ">>> " if j + 1 in starts else "... "
        return mark if new[j].strip() else mark.rstrip()

    before: dict[int, list[str]] = {i: [] for i in range(len(old) + 1)}
    at: dict[int, list[str]] = {i: [] for i in range(len(old))}
    for _tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        pairs = min(i2 - i1, j2 - j1)
        for d in range(pairs):
            at[i1 + d].append(prompt(j1 + d) + new[j1 + d])
        extra = [prompt(j) + new[j] for j in range(j1 + pairs, j2)]
        if extra:
            (at[i1 + pairs - 1] if pairs else before[i1]).extend(extra)
    out: list[str] = []
    index = {k: i for i, k in enumerate(code_at)}
    for k, line in enumerate(lines):
        if k in index:
            out.extend(before[index[k]])
            out.extend(at[index[k]])
        else:
            out.append(line)
    out.extend(before[len(old)])
    if lines and not lines[-1].endswith(("\n", "\r")) and out:
        out[-1] = out[-1].rstrip("\r\n")
    return out, findings


def _statement_starts(program: str) -> set[int]:
    """Lines (1-based) where a top-level statement of ``program`` starts."""
    import io
    import tokenize

    starts: set[int] = set()
    expecting = True
    skip = (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING)
    try:
        for token in tokenize.generate_tokens(io.StringIO(program).readline):
            if token.type in skip:
                continue
            if expecting and token.start[1] == 0 and token.type != tokenize.ENDMARKER:
                starts.add(token.start[0])
            expecting = token.type == tokenize.NEWLINE
    except (tokenize.TokenError, SyntaxError):
        pass
    return starts


_LANGUAGES = {
    "sh": "shell", "bash": "shell", "shell": "shell", "console": "shell", "shell-session": "shell",
    "shellsession": "shell", "zsh": "shell", "ksh": "shell", "sh-session": "shell", "terminal": "shell",
    "yaml": "yaml", "yml": "yaml", "dockerfile": "dockerfile", "docker": "dockerfile", "containerfile": "dockerfile",
    "python": "python", "py": "python", "python3": "python", "ipython": "python", "ipython3": "python",
    "json": "json", "makefile": "makefile", "make": "makefile", "pycon": "python", "python-console": "python",
}
_PYTHON = re.compile(r"^(?:import \w|from [\w.]+ import |def \w+\(|class \w+[(:]|\w+ = \w+[.(])", re.M)


def language_carrier(language: str | None, lines: list[str]) -> str | None:
    """The carrier for a block of ``language`` (None: guessed from its text, conservatively)."""
    if language:
        return _LANGUAGES.get(language.lower().strip("{}.").split(",")[0].strip())
    body = "".join(lines).lstrip()
    if body.startswith(">>>"):
        return "python"
    if console_prompt(lines):
        return "shell"
    if re.match(r"(?:#.*\n)*FROM\s+\S", body):
        return "dockerfile"
    if re.match(r"(?:apiVersion|kind|services|version):", body) or re.search(r"^\s*image:\s*\S", body, re.M):
        return "yaml"
    if body.startswith(("{", "[")) and body.rstrip().endswith(("}", "]")):
        return "json"
    if _PYTHON.search(body):
        return "python"
    if re.match(r"(?:sudo |docker |nvidia-docker |curl |wget |export |cd |pip3? |trtserver\b|tritonserver\b|/opt/)", body):
        return "shell"
    return None


def migrate_pieces(text: str, pieces: list[Piece], ctx: FileContext, host: str, rules: list[Rule]) -> str:
    """Migrate every piece of ``text`` holding a V1 name; report what stays (code and prose)."""
    from triton_migrate.text import LineMap

    lines = text.splitlines(keepends=True)
    out: list[str] = []
    covered: set[int] = set()   # host lines (1-based) inside pieces
    residue: list[tuple[int, str, str, str, str]] = []
    last = 0
    for piece in sorted(pieces, key=lambda p: p.first):
        if piece.first < last:
            continue
        out.extend(lines[last:piece.first])
        last = piece.end
        old_lines = lines[piece.first:piece.end]
        covered.update(range(piece.first + 1, piece.end + 1))
        body = [_strip(line, piece.prefix) for line in old_lines]
        new_lines = old_lines
        findings: list[Finding] = []
        problems: list[str] = []
        body_text = "".join(body or [])
        if piece.carrier and None not in body and (not piece.gate or V1_NAMES.search(body_text)):
            if piece.carrier == "python" and is_python_session(body):  # type: ignore[arg-type]
                new_body, findings = migrate_python_session(body, ctx, rules, problems)  # type: ignore[arg-type]
            elif piece.prompts:
                prompt = console_prompt(body)  # type: ignore[arg-type]
                new_body, findings = migrate_console(body, prompt or "$ ", ctx, rules)  # type: ignore[arg-type]
            else:
                new_text, findings = migrate_text_as(piece.carrier, body_text, ctx, rules, strict=not piece.gate,
                                                     problems=problems)
                new_body = new_text.splitlines(keepends=True)
            if "".join(new_body) != body_text:
                new_lines = [piece.prefix + line if line.strip() else line for line in new_body]
                if old_lines and not old_lines[-1].endswith(("\n", "\r")) and new_lines:
                    new_lines[-1] = new_lines[-1].rstrip("\r\n")
        for f in findings:
            ctx.findings.append(moved(f, piece.first, len(piece.prefix), ctx.path))
        named = {n for f in findings for n in range(f.line + piece.first, f.end_line + piece.first + 1)}
        line_map = LineMap("".join(old_lines), "".join(new_lines)) if new_lines is not old_lines else None
        for k, line in enumerate(new_lines, start=1):
            found = [m.group(0) for m in V1_NAMES.finditer(line)]
            if not found:
                continue
            original = piece.first + (line_map.original_line(k) if line_map else k)
            if original in named:
                continue
            residue.append((original, found[0], line, piece.carrier or "text", problems[0] if problems else ""))
        out.extend(new_lines)
    out.extend(lines[last:])
    leftovers = Leftovers(host, residue)
    for number, line in enumerate(lines, start=1):
        if number in covered:
            continue
        found = [m.group(0) for m in V1_NAMES.finditer(line)]
        if found:
            leftovers.prose.append((number, found))
    if leftovers.code or leftovers.prose:
        run_report_rules(ctx, rules, "check_leftovers", leftovers)
    return "".join(out)


def _strip(line: str, prefix: str) -> str | None:
    if not line.strip():
        return line.lstrip(" \t") if line.startswith(prefix) or not line.strip(" \t") else line
    return line[len(prefix):] if line.startswith(prefix) else None
