"""``triton-migrate flags -- trtserver ...``: translate one command line and print it.

Prints the V2 command line (shell-quoted) and the findings; with
``--format json`` prints ``{"argv": [...], "findings": [...]}`` (findings in the
report's JSON shape).  Also takes ``perf_client`` command lines, and a
wrapper before the program (``nvidia_entrypoint.sh trtserver ...``, ``env X=1 ...``,
``docker run ... <image> trtserver ...``), whose V1 names (image, install paths,
environment variables) are migrated by the name-level rules.  Exit code 0,
or 2 on a usage error, so that ``$(triton-migrate flags -- ...)`` works in scripts.
"""
from __future__ import annotations

import json
import shlex
from collections.abc import Sequence

import click

from triton_migrate.codemods import perf_client, server_binary, server_flags
from triton_migrate.findings import Finding
from triton_migrate.flags import (
    FlagNote,
    FlagTranslation,
    is_perf_client_program,
    is_server_program,
    translate_argv,
)
from triton_migrate.perf_flags import translate_perf_argv
from triton_migrate.shellwords import program_index
from triton_migrate.versions import DEFAULT_TARGET, NEWEST, Version, known_release


def translate_command(argv: Sequence[str], target: Version = DEFAULT_TARGET, *,
                      literal: Sequence[bool] | None = None) -> FlagTranslation | None:
    """Translate a server or perf_client command line; None when ``argv[0]`` is neither."""
    if not argv:
        return None
    if is_server_program(argv[0]):
        return translate_argv(argv, target, literal=literal)
    if is_perf_client_program(argv[0]):
        return translate_perf_argv(argv, target, literal=literal)
    return None


def note_rule(program: str, note: FlagNote) -> str:
    """The rule a note of ``program``'s translation belongs to (as the carriers report it)."""
    if is_perf_client_program(program):
        return perf_client.RULE.id
    return server_binary.RULE.id if note.subject == "program" else server_flags.RULE.id


# Name-level rules a wrapper may need (`docker run ... <V1 image>`, `/opt/tensorrtserver/...`,
# `LD_PRELOAD=.../libtrtserver.so`, `TENSORRT_SERVER_*=...`).
_WRAPPER_RULES = frozenset(("container_images", "install_paths", "server_env_vars"))


def _migrate_wrapper(wrapper: list[str], target: Version) -> tuple[list[str], list[Finding]]:
    """The words before the program, migrated as one shell line by the name-level rules."""
    if not wrapper:
        return wrapper, []
    from triton_migrate.engine import migrate_text
    from triton_migrate.settings import Settings

    line = shlex.join(wrapper)
    result = migrate_text(line + "\n", "wrapper.sh", Settings(select=_WRAPPER_RULES, target_version=target))
    findings = [f.with_path("<command line>") for f in result.findings]
    if result.status != "changed" or result.new is None:
        return wrapper, findings
    return shlex.split(result.new), findings


@click.command(context_settings={"ignore_unknown_options": True, "help_option_names": ["-h", "--help"]})
@click.option("--target-version", metavar="VERSION", default=NEWEST, show_default=True,
              help="V2 server release to translate for, e.g. 2.51 or 24.10.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.argument("argv", nargs=-1, required=True, type=click.UNPROCESSED)
def flags_command(target_version: str, output_format: str, argv: tuple[str, ...]) -> None:
    """Translate a V1 server (or perf_client) command line.

    \b
    triton-migrate flags -- trtserver --model-store=/m --tf-gpu-memory-fraction=0.5
    triton-migrate flags --format json --target-version 2.51 -- trtserver --model-store=/m
    """
    try:
        target = known_release(target_version)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--target-version") from None
    start = 0
    if not (is_server_program(argv[0]) or is_perf_client_program(argv[0])):
        # A wrapper may come first: `nvidia_entrypoint.sh trtserver ...`, `env X=1 trtserver ...`.
        found = program_index(list(argv))
        if found is None or not any(is_server_program(a) or is_perf_client_program(a) for a in argv[found:found + 1]):
            found = next((i for i, a in enumerate(argv) if is_server_program(a) or is_perf_client_program(a)), None)
        if found is None:
            raise click.UsageError(f"no trtserver, tritonserver or perf_client in {shlex.join(argv)!r}; "
                                   "put the command after `--`")
        start = found
    wrapper, command = list(argv[:start]), list(argv[start:])
    result = translate_command(command, target)
    assert result is not None
    wrapper, findings = _migrate_wrapper(wrapper, target)
    for note in result.notes:
        # Columns: the note's token in the joined command line as given (wrapper included).
        index = start + note.index
        column = len(" ".join(argv[:index])) + (1 if index else 0)
        token = argv[index] if index < len(argv) else ""
        finding = note.finding(note_rule(command[0], note), "<command line>", 1, column, 1, column + len(token))
        findings.append(finding)
    new_argv = wrapper + list(result.argv)
    if output_format == "json":
        click.echo(json.dumps({"argv": new_argv, "findings": [f.to_json() for f in findings]}, indent=2))
    else:
        click.echo(shlex.join(new_argv))
        for finding in findings:
            state = "fixed" if finding.applied else finding.severity
            line = f"  {state}: [{finding.rule}] {finding.message}"
            if finding.replacement and not finding.applied:
                line += f"\n      V2: {finding.replacement}"
            click.echo(line, err=True)
