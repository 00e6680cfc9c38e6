"""``triton-migrate flags -- trtserver ...``: translate one command line and print it.

Prints the V2 command line (shell-quoted) and the findings; with
``--format json`` prints ``{"argv": [...], "findings": [...]}`` (findings in the
report's JSON shape).  Also takes ``perf_client`` command lines.  Exit code 0,
or 2 on a usage error, so that ``$(triton-migrate flags -- ...)`` works in scripts.
"""
from __future__ import annotations

import json
import shlex
from collections.abc import Sequence

import click

from triton_migrate.codemods import perf_client, server_binary, server_flags
from triton_migrate.flags import (
    FlagNote,
    FlagTranslation,
    is_perf_client_program,
    is_server_program,
    translate_argv,
)
from triton_migrate.perf_flags import translate_perf_argv
from triton_migrate.versions import DEFAULT_TARGET, NEWEST, Version


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
        target = Version(target_version)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--target-version") from None
    if not (is_server_program(argv[0]) or is_perf_client_program(argv[0])):
        raise click.UsageError(f"{argv[0]!r} is not trtserver, tritonserver or perf_client; "
                               "put the command after `--`")
    result = translate_command(list(argv), target)
    assert result is not None
    findings = []
    for note in result.notes:
        # Columns: the note's token in the joined command line as given.
        column = len(" ".join(argv[:note.index])) + (1 if note.index else 0)
        token = argv[note.index] if note.index < len(argv) else ""
        finding = note.finding(note_rule(argv[0], note), "<command line>", 1, column, 1, column + len(token))
        findings.append(finding)
    if output_format == "json":
        click.echo(json.dumps({"argv": list(result.argv), "findings": [f.to_json() for f in findings]}, indent=2))
    else:
        click.echo(shlex.join(result.argv))
        for finding in findings:
            state = "fixed" if finding.applied else finding.severity
            line = f"  {state}: [{finding.rule}] {finding.message}"
            if finding.replacement and not finding.applied:
                line += f"\n      V2: {finding.replacement}"
            click.echo(line, err=True)
