"""Command line: options become settings, the runner does the work, results become exit codes.

Exit codes: 0 nothing to do; 1 files were (or would be) changed, or, with
``--fail-on-manual``, usages remain that need a person; 2 usage error or
internal failure.
"""
from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import click

from triton_migrate import __version__
from triton_migrate.cli_flags import flags_command
from triton_migrate.context import FileResult
from triton_migrate.engine import migrate_bytes, with_required_rules
from triton_migrate.report import FORMATS, Report
from triton_migrate.report.models import review_models
from triton_migrate.report.progress import Progress
from triton_migrate.report.progress import wanted as progress_wanted
from triton_migrate.report.render import render
from triton_migrate.rules import all_rules, get_rule, rules_by_id, with_requirements
from triton_migrate.runner import discover, index_context, run
from triton_migrate.settings import (
    ConfigError,
    Settings,
    config_key,
    find_project_root,
    load_config,
)
from triton_migrate.versions import NEWEST, known_release

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


def _check_ids(ids: list[str], where: str) -> None:
    known = rules_by_id()
    for rule_id in ids:
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, list(known), n=3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            raise click.UsageError(f"{where}: unknown rule {rule_id!r}{hint}; see `triton-migrate rules`")


class ConfigProblem(click.ClickException):
    """An error in ``[tool.triton-migrate]``: exit 2 like a usage error, worded as a config key."""

    exit_code = EXIT_ERROR

    def format_message(self) -> str:
        return self.message


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
    notes: list[str] | None = None,
) -> Settings:
    """Options over ``[tool.triton-migrate]``; errors name where the value came from.

    A value given on the command line is named as its option (``--select``);
    one read from pyproject.toml as its key (`select` in [tool.triton-migrate]).
    ``notes`` receives what the user should hear (rules pulled in by --select).
    """
    config = load_config(root)

    def where(option: str, key: str, from_cli: bool) -> str:
        return option if from_cli else config_key(root, key)

    select_where = where("--select", "select", bool(select))
    ignore_where = where("--ignore", "ignore", bool(ignore))
    select = select or list(config.get("select", []))
    ignore = ignore or list(config.get("ignore", []))
    for ids, where_ in ((select, select_where), (ignore, ignore_where)):
        try:
            _check_ids(ids, where_)
        except click.UsageError as exc:
            if where_.startswith("--"):
                raise
            raise ConfigProblem(exc.message) from None
    if select:
        # A rule's rewrite may rely on another's (v1_infer emits np_to_triton_dtype,
        # whose import v1_imports adds): a selection runs what it requires
        # (with_required_rules below); tell the user which rules that adds.
        _, added = with_requirements(select)
        select = sorted(with_required_rules(Settings(select=frozenset(select))).select or ())
        if added and notes is not None:
            pulled = ", ".join(f"{rule} (required by {', '.join(by)})" for rule, by in added.items())
            notes.append(f"{select_where}: also running {pulled}")
    enabled = [r for r in all_rules() if (not select or r.id in select) and r.id not in ignore]
    for rule_id in ignore:
        needing = [r.id for r in enabled if rule_id in r.requires]
        if needing:
            message = (f"{ignore_where}: {', '.join(needing)} require{'s' if len(needing) == 1 else ''} "
                       f"{rule_id} (its rewrites would leave code that does not run); "
                       f"ignore {'it' if len(needing) == 1 else 'them'} too, or do not ignore {rule_id}")
            if ignore_where.startswith("--"):
                raise click.UsageError(message)
            raise ConfigProblem(message)
    version_text = target_version or config.get("target-version") or NEWEST
    try:
        version = known_release(str(version_text))
    except ValueError as exc:
        if target_version:
            raise click.BadParameter(str(exc), param_hint="--target-version") from None
        raise ConfigProblem(f"{config_key(root, 'target-version')}: {exc}") from None
    repos_where = where("--model-repository", "model-repository", bool(model_repository))
    given = model_repository or tuple(config.get("model-repository", ()))
    repos = []
    for repo in given:
        # Relative to the project root (as in pyproject.toml); a command-line
        # path may also be relative to the current folder.
        path = Path(repo) if Path(repo).is_absolute() else root / repo
        if model_repository and not path.is_dir() and Path(repo).is_dir():
            path = Path(repo).resolve()
        if not path.is_dir():
            # A typo would silently turn the batching check off.
            problem = f"{repos_where}: {repo}: {'not a folder' if path.exists() else 'no such folder'}"
            if model_repository:
                raise click.BadParameter(f"{repo}: {'not a folder' if path.exists() else 'no such folder'}",
                                         param_hint="--model-repository")
            raise ConfigProblem(problem)
        repos.append(str(path))
    return Settings(
        select=frozenset(select) if select else None,
        ignore=frozenset(ignore),
        target_version=version,
        exclude=tuple(config.get("exclude", [])) + exclude,
        model_repositories=tuple(repos),
        strict=strict or bool(config.get("strict", False)),
        drop_v1_only_checks=bool(config.get("drop-v1-only-checks", False)),
    )


def _color(option: bool | None, stream: object) -> bool:
    """--color/--no-color, else NO_COLOR (https://no-color.org), else FORCE_COLOR, else a terminal."""
    if option is not None:
        return option
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


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
@click.option("--model-repository", multiple=True, metavar="PATH", help="Model repository: in the per-model plan, loaded by --strict, read for batching (repeatable).")
@click.option("--strict", is_flag=True, help="Also start the real tritonserver on model repositories to find models that fail to load.")
@click.option("--max-file-size", type=click.FloatRange(min=0), default=4.0, show_default=True, metavar="MIB",
              help="Report, without parsing, files larger than this many MiB (0: no limit).")
@click.option("--fix-python2", is_flag=True, help="Convert Python 2 files to Python 3 (fissix's standard fixers) before migrating them.")
@click.option("--drop-v1-only-checks", is_flag=True, help="Drop test checks that only read values V2 does not have "
              "(uptime, server id, exception server_id()/request_id()) where that lets the V1 object convert; "
              "a marker comment (a manual finding) holds each.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: CPU count; 1 under pre-commit).")
@click.option("--stdin-filename", metavar="PATH", help="Name (and so file type) of the text read from `-`.")
@click.option("--fail-on-manual", is_flag=True, help="Also exit 1 when usages remain that need a person (for PR gating).")
@click.option("--link-base", metavar="URL", help="Markdown report: link locations under URL (default on GitHub Actions: "
              "$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA).")
@click.option("--color/--no-color", default=None, help="Colour the diff and report (default: when a terminal, unless NO_COLOR is set; FORCE_COLOR forces it).")
@click.option("-q", "--quiet", is_flag=True, help="Print no report on stderr, only the files that could not be migrated.")
def migrate_command(
    paths: tuple[str, ...], write: bool, check: bool, show_diff: bool | None, fmt: str, report_file: str | None,
    select: tuple[str, ...], ignore: tuple[str, ...], exclude: tuple[str, ...], target_version: str | None,
    model_repository: tuple[str, ...], strict: bool, max_file_size: float, fix_python2: bool,
    drop_v1_only_checks: bool, jobs: int | None,
    stdin_filename: str | None, fail_on_manual: bool, link_base: str | None, color: bool | None, quiet: bool,
) -> None:
    """Migrate PATH... (files, folders, or - for stdin). Dry run unless --write."""
    if not paths:
        raise click.UsageError("give at least one PATH (a file, a folder, or - for stdin)")
    if write and check:
        raise click.UsageError("--write and --check cannot be combined")
    notes: list[str] = []
    try:
        root = find_project_root([Path(p) for p in paths if p != "-"] or [Path.cwd()])
        settings = build_settings(root, _split_ids(select), _split_ids(ignore), exclude,
                                  target_version, model_repository, strict, notes)
    except ConfigError as exc:
        raise ConfigProblem(str(exc)) from None
    if not quiet:
        for note in notes:
            click.echo(f"triton-migrate: {note}", err=True)
    settings = settings.with_(max_file_size=int(max_file_size * 1024 * 1024), fix_python2=fix_python2,
                              drop_v1_only_checks=drop_v1_only_checks or settings.drop_v1_only_checks)
    mode = "write" if write else "check" if check else "diff"
    if show_diff is None:
        show_diff = mode == "diff" and (fmt == "text" or report_file is not None)
    out_color = _color(color, sys.stdout)
    err_color = _color(color, sys.stderr)
    if link_base is None and all(os.environ.get(k) for k in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA")):
        link_base = f"{os.environ['GITHUB_SERVER_URL']}/{os.environ['GITHUB_REPOSITORY']}/blob/{os.environ['GITHUB_SHA']}"
    output = _Output(fmt, report_file, quiet, show_diff, out_color, err_color, link_base)

    if "-" in paths:
        if len(paths) > 1:
            raise click.UsageError("`-` (stdin) cannot be combined with other paths")
        code = _run_stdin(settings, stdin_filename or "stdin.py", mode, output, fail_on_manual)
        sys.exit(code)

    if jobs is None:
        jobs = 1 if os.environ.get("PRE_COMMIT") else (os.cpu_count() or 1)
    targets, problems = discover(list(paths), root, settings, clean_temp=write)
    progress = Progress(len(targets)) if progress_wanted(sys.stderr, quiet) else None
    try:
        results = run(targets, settings, write=write, keep_text=show_diff, jobs=jobs,
                      progress=progress.update if progress else None,
                      context=index_context(list(paths), root, settings, targets))
    finally:
        if progress is not None:
            progress.close()
    missing = [p for p in problems if p.status == "error"]
    results, models = review_models(results, settings, root)
    report = Report(results + problems, mode=mode, target_version=str(settings.target_version), models=models)
    _emit(report, output)
    if missing:
        for result in missing:
            click.echo(f"triton-migrate: {result.path}: {result.reason}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(_exit_code(report, fail_on_manual))


@dataclass(frozen=True)
class _Output:
    fmt: str
    report_file: str | None
    quiet: bool
    show_diff: bool
    out_color: bool
    err_color: bool
    link_base: str | None = None


def _emit(report: Report, out: _Output) -> None:
    """Diff and machine-readable report on stdout; the text report on stderr.

    The text report goes to stderr only when no other report takes stdout:
    ``--format markdown`` on stdout is the whole output.  Under ``-q`` stderr
    carries just the files that hold V1 usages but could not be migrated.
    """
    if out.show_diff:
        for result in report.changed:
            if result.original is not None and result.new is not None:
                click.echo(_diff(result, out.out_color), nl=False, color=out.out_color)
    report_on_stdout = out.fmt != "text" and not out.report_file
    if report.mode == "check" and not report_on_stdout:
        # With a machine-readable report on stdout, the report alone says which files would change.
        for result in report.changed:
            click.echo(f"would change: {result.path}")
    if out.report_file:
        Path(out.report_file).write_text(render(report, out.fmt, link_base=out.link_base), encoding="utf-8")
    elif out.fmt != "text":
        click.echo(render(report, out.fmt, link_base=out.link_base), nl=False)
    if report_on_stdout:
        return
    if not out.quiet:
        click.echo(render(report, "text", color=out.err_color), err=True, nl=False, color=out.err_color)
        return
    for result in report.blocked:
        click.echo(f"{result.path}: {result.status}: {result.reason}", err=True)


def _exit_code(report: Report, fail_on_manual: bool) -> int:
    """2: a rule failed; 1: files change, or V1 files could not be migrated, or
    (``--fail-on-manual``) usages need a person; 0: nothing left to do."""
    if any(f.rule == "internal_error" for f in report.findings):
        return EXIT_ERROR
    if report.changed or report.blocked:
        return EXIT_CHANGES
    if fail_on_manual and report.manual:
        return EXIT_CHANGES
    return EXIT_CLEAN


def _run_stdin(settings: Settings, filename: str, mode: str, out: _Output, fail_on_manual: bool) -> int:
    data = sys.stdin.buffer.read()
    outcome = migrate_bytes(data, filename, settings)
    result = outcome.result
    if result.original is None:
        result.original = data.decode("utf-8", "replace")
    report = Report([result], mode=mode, target_version=str(settings.target_version))
    if mode == "write":
        sys.stdout.buffer.write(outcome.new_bytes if outcome.new_bytes is not None else data)
        sys.stdout.buffer.flush()
        out = replace(out, show_diff=False, fmt=out.fmt if out.report_file else "text")
    _emit(report, out)
    return _exit_code(report, fail_on_manual)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def rules_command(fmt: str) -> None:
    """List every rule, sorted by id: carriers, fix kind (safe / review / report-only), summary."""
    rules = sorted(all_rules(), key=lambda r: r.id)
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
    requires = f"; requires: {', '.join(rule.requires)}" if rule.requires else ""
    click.echo(f"# {rule.id}\n\n{rule.summary}\n\ncarriers: {', '.join(rule.carriers)}; fix: {rule.fix}{requires}\n")
    click.echo(rule.doc)


main.add_command(flags_command, "flags")
