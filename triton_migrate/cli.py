"""Command line: options become settings, the runner does the work, results become exit codes.

Exit codes: 0 nothing to do; 1 files were (or would be) changed, or, with
``--fail-on-manual``, usages remain that need a person; 2 usage error or
internal failure.
"""
from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

import click

from triton_migrate import __version__
from triton_migrate.cli_flags import flags_command
from triton_migrate.context import FileResult
from triton_migrate.engine import migrate_bytes
from triton_migrate.report import FORMATS, Report
from triton_migrate.report.render import render
from triton_migrate.rules import all_rules, get_rule, rules_by_id
from triton_migrate.runner import discover, run
from triton_migrate.settings import ConfigError, Settings, find_project_root, load_config
from triton_migrate.versions import NEWEST, Version

EXIT_CLEAN, EXIT_CHANGES, EXIT_ERROR = 0, 1, 2


class _DefaultGroup(click.Group):
    """``triton-migrate PATH...`` runs the ``migrate`` command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] in ("--help", "-h", "--version"):
            return super().parse_args(ctx, args)
        if not args or args[0] not in self.commands:
            args = ["migrate", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="triton-migrate")
def main() -> None:
    """Migrate a code base from TensorRT Inference Server V1 to Triton V2.

    \b
    triton-migrate PATH...            dry run: diff on stdout, report on stderr
    triton-migrate PATH... --write    apply the changes
    triton-migrate PATH... --check    list the files that would change
    triton-migrate migrate --help     every option of the run
    """


def _split_ids(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _check_ids(ids: list[str], option: str) -> None:
    known = rules_by_id()
    for rule_id in ids:
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, list(known), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise click.UsageError(f"{option}: unknown rule {rule_id!r}{hint}; see `triton-migrate rules`")


def _diff(result: FileResult, color: bool) -> str:
    assert result.original is not None and result.new is not None
    lines = list(difflib.unified_diff(
        result.original.splitlines(keepends=True), result.new.splitlines(keepends=True),
        fromfile=f"a/{result.path}", tofile=f"b/{result.path}",
    ))
    out = []
    for line in lines:
        if not line.endswith("\n"):
            line += "\n\\ No newline at end of file\n"
        if color:
            if line.startswith("+") and not line.startswith("+++"):
                line = click.style(line, fg="green")
            elif line.startswith("-") and not line.startswith("---"):
                line = click.style(line, fg="red")
            elif line.startswith("@@"):
                line = click.style(line, fg="cyan")
        out.append(line)
    return "".join(out)


def build_settings(
    root: Path, select: list[str], ignore: list[str], exclude: tuple[str, ...],
    target_version: str | None, model_repository: tuple[str, ...], strict: bool,
) -> Settings:
    config = load_config(root)
    select = select or list(config.get("select", []))
    ignore = ignore or list(config.get("ignore", []))
    _check_ids(select, "--select")
    _check_ids(ignore, "--ignore")
    version_text = target_version or config.get("target-version") or NEWEST
    try:
        version = Version(str(version_text))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--target-version") from None
    repos = model_repository or tuple(config.get("model-repository", ()))
    repos = tuple(str((root / r) if not Path(r).is_absolute() else Path(r)) for r in repos)
    return Settings(
        select=frozenset(select) if select else None,
        ignore=frozenset(ignore),
        target_version=version,
        exclude=tuple(config.get("exclude", [])) + exclude,
        model_repositories=repos,
        strict=strict or bool(config.get("strict", False)),
    )


@main.command("migrate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--write", is_flag=True, help="Apply the changes in place.")
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change.")
@click.option("--diff/--no-diff", "show_diff", default=None, help="Print the unified diff (default: on for a dry run).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True, help="Report format.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--select", multiple=True, metavar="RULE[,RULE]", help="Only run these rules.")
@click.option("--ignore", multiple=True, metavar="RULE[,RULE]", help="Do not run these rules.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="gitignore-style glob, relative to the project root (repeatable).")
@click.option("--target-version", metavar="VERSION", help=f"V2 server release to migrate to, e.g. 2.51 or 24.10 (default {NEWEST}).")
@click.option("--model-repository", multiple=True, metavar="PATH", help="Model repository whose config.pbtxt files tell batching (repeatable).")
@click.option("--strict", is_flag=True, help="Also start the real tritonserver on model repositories to find models that fail to load.")
@click.option("--max-file-size", type=click.FloatRange(min=0), default=4.0, show_default=True, metavar="MIB",
              help="Report, without parsing, files larger than this many MiB (0: no limit).")
@click.option("--fix-python2", is_flag=True, help="Convert Python 2 files to Python 3 (fissix's standard fixers) before migrating them.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count; 1 under pre-commit).")
@click.option("--stdin-filename", metavar="PATH", help="Name (and so file type) of the text read from `-`.")
@click.option("--fail-on-manual", is_flag=True, help="Also exit 1 when usages remain that need a person (for PR gating).")
@click.option("--color/--no-color", default=None, help="Colour the diff and report (default: when a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Print no report summary on stderr.")
def migrate_command(
    paths: tuple[str, ...], write: bool, check: bool, show_diff: bool | None, fmt: str, report_file: str | None,
    select: tuple[str, ...], ignore: tuple[str, ...], exclude: tuple[str, ...], target_version: str | None,
    model_repository: tuple[str, ...], strict: bool, max_file_size: float, fix_python2: bool, jobs: int | None,
    stdin_filename: str | None,
    fail_on_manual: bool, color: bool | None, quiet: bool,
) -> None:
    """Migrate PATH... (files, folders, or - for stdin). Dry run unless --write."""
    if not paths:
        raise click.UsageError("give at least one PATH (a file, a folder, or - for stdin)")
    if write and check:
        raise click.UsageError("--write and --check cannot be combined")
    try:
        root = find_project_root([Path(p) for p in paths if p != "-"] or [Path.cwd()])
        settings = build_settings(root, _split_ids(select), _split_ids(ignore), exclude,
                                  target_version, model_repository, strict)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    settings = settings.with_(max_file_size=int(max_file_size * 1024 * 1024), fix_python2=fix_python2)
    mode = "write" if write else "check" if check else "diff"
    if show_diff is None:
        show_diff = mode == "diff" and (fmt == "text" or report_file is not None)
    out_color = sys.stdout.isatty() if color is None else color
    err_color = sys.stderr.isatty() if color is None else color

    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("`-` (stdin) cannot be combined with other paths")
        code = _run_stdin(settings, stdin_filename or "stdin.py", mode, fmt, report_file, quiet, fail_on_manual, show_diff, out_color)
        sys.exit(code)

    if jobs is None:
        jobs = 1 if os.environ.get("PRE_COMMIT") else (os.cpu_count() or 1)
    targets, problems = discover(list(paths), root, settings, clean_temp=write)
    progress_bar = None
    if sys.stderr.isatty() and not quiet and len(targets) > 200:
        progress_bar = click.progressbar(length=len(targets), label="triton-migrate", file=sys.stderr)
    try:
        results = run(targets, settings, write=write, keep_text=show_diff, jobs=jobs,
                      progress=progress_bar.update if progress_bar else None)
    finally:
        if progress_bar is not None:
            progress_bar.render_finish()
    missing = [p for p in problems if p.status == "error"]
    if settings.strict and settings.enabled("model_load_failure"):
        results = _add_strict_findings(results, settings)
    report = Report(results + problems, mode=mode, target_version=str(settings.target_version))
    _emit(report, fmt, report_file, quiet, show_diff, out_color, err_color)
    if missing:
        for result in missing:
            click.echo(f"triton-migrate: {result.path}: {result.reason}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(_exit_code(report, fail_on_manual))


def _add_strict_findings(results: list[FileResult], settings: Settings) -> list[FileResult]:
    """Attach the --strict load failures to the reported files (adding files as needed)."""
    from triton_migrate.strict_check import check_repository

    by_path = {r.path: r for r in results}
    for repository in settings.model_repositories:
        for finding in check_repository(repository, str(settings.target_version)):
            result = by_path.get(finding.path)
            if result is None:
                result = by_path[finding.path] = FileResult(finding.path, "unchanged")
                results.append(result)
            result.findings.append(finding)
    return results


def _emit(report: Report, fmt: str, report_file: str | None, quiet: bool, show_diff: bool,
          out_color: bool, err_color: bool) -> None:
    if show_diff:
        for result in report.changed:
            if result.original is not None and result.new is not None:
                click.echo(_diff(result, out_color), nl=False)
    report_on_stdout = fmt != "text" and not report_file
    if report.mode == "check" and not report_on_stdout:
        # With a machine-readable report on stdout, the report alone says which files would change.
        for result in report.changed:
            click.echo(f"would change: {result.path}")
    if report_file:
        Path(report_file).write_text(render(report, fmt), encoding="utf-8")
    elif fmt != "text":
        click.echo(render(report, fmt), nl=False)
    if not quiet:
        click.echo(render(report, "text", color=err_color), err=True, nl=False)


def _exit_code(report: Report, fail_on_manual: bool) -> int:
    if any(f.rule == "internal_error" for f in report.findings):
        return EXIT_ERROR
    if report.changed:
        return EXIT_CHANGES
    if fail_on_manual and report.manual:
        return EXIT_CHANGES
    return EXIT_CLEAN


def _run_stdin(settings: Settings, filename: str, mode: str, fmt: str, report_file: str | None,
               quiet: bool, fail_on_manual: bool, show_diff: bool, color: bool) -> int:
    data = sys.stdin.buffer.read()
    outcome = migrate_bytes(data, filename, settings)
    result = outcome.result
    if result.original is None:
        result.original = data.decode("utf-8", "replace")
    report = Report([result], mode=mode, target_version=str(settings.target_version))
    if mode == "write":
        sys.stdout.buffer.write(outcome.new_bytes if outcome.new_bytes is not None else data)
        sys.stdout.buffer.flush()
        show_diff = False
    _emit(report, fmt if mode != "write" or report_file else "text", report_file, quiet, show_diff, color, color)
    return _exit_code(report, fail_on_manual)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List every rule: id, carriers, fix kind (safe / review / report-only), summary."""
    rules = all_rules()
    if fmt == "json":
        import json
        click.echo(json.dumps([{"id": r.id, "carriers": list(r.carriers), "fix": r.fix, "summary": r.summary}
                               for r in rules], indent=2))
        return
    if fmt == "markdown":
        click.echo("| Rule | Carriers | Fix | Summary |\n|---|---|---|---|")
        for r in rules:
            click.echo(f"| [`{r.id}`](rules/{r.id}.md) | {', '.join(r.carriers)} | {r.fix} | {r.summary} |")
        return
    width = max(len(r.id) for r in rules)
    cwidth = max(len(", ".join(r.carriers)) for r in rules)
    for r in rules:
        click.echo(f"{r.id:<{width}}  {', '.join(r.carriers):<{cwidth}}  {r.fix:<11}  {r.summary}")


@main.command("explain")
@click.argument("rule_id")
def explain_command(rule_id: str) -> None:
    """Print a rule's documentation."""
    try:
        rule = get_rule(rule_id)
    except KeyError:
        close = difflib.get_close_matches(rule_id, list(rules_by_id()), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise click.UsageError(f"unknown rule {rule_id!r}{hint}") from None
    click.echo(f"# {rule.id}\n\n{rule.summary}\n\ncarriers: {', '.join(rule.carriers)}; fix: {rule.fix}\n")
    click.echo(rule.doc)


main.add_command(flags_command, "flags")
