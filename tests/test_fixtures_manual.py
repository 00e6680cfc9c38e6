"""The manual findings are a fixed point: a second run over the output names every item the first run left.

For every fixture case, the findings a person still owes after the first run
(not applied) must come back, unchanged, when the tool runs again over its own
output: same rule, same message, and the same line once the second run's line
is mapped back through the diff.  Otherwise ``--check --fail-on-manual`` passes
on code that still needs a person (issue 11).
"""
from __future__ import annotations

import pytest
from fixture_cases import Case, discover_cases

from triton_migrate.engine import migrate_bytes
from triton_migrate.text import LineMap

CASES = discover_cases()

def manual_items(findings: list, line_of=lambda n: n) -> list[tuple[str, str, int]]:
    return sorted({(f.rule, f.message, line_of(f.line)) for f in findings if not f.applied})


@pytest.mark.parametrize("case", [pytest.param(case, id=case.id) for case in CASES])
def test_second_run_reports_the_same_manual_items(case: Case) -> None:
    source = case.input.read_bytes()
    settings = case.settings()
    first = migrate_bytes(source, case.logical, settings)
    output = first.new_bytes if first.new_bytes is not None else source
    second = migrate_bytes(output, case.logical, settings)
    before, after = source.decode("utf-8", "replace"), output.decode("utf-8", "replace")
    line_map = LineMap(before.lstrip("\ufeff"), after.lstrip("\ufeff")) if before != after else None
    mapped = line_map.original_line if line_map else (lambda n: n)
    assert manual_items(second.result.findings, mapped) == manual_items(first.result.findings)


# Generated V1 server command lines, in the carriers that hold them.  The Python
# client programs are generated in tests/test_engine_fixedpoint.py.

from hypothesis import HealthCheck, given  # noqa: E402
from hypothesis import settings as hsettings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from triton_migrate.engine import migrate_text  # noqa: E402
from triton_migrate.settings import Settings  # noqa: E402

FLAGS = [
    "--model-store=/models", "--model-store /srv/models", "--allow-poll-model-repository=false",
    "--allow-poll-model-repository=true", "--allow-model-control=true", "--http-health-port=8005",
    "--http-health-port=8000", "--tf-gpu-memory-fraction=0.5", "--tf-allow-soft-placement=false",
    "--strict-model-config=false", "--strict-model-config=$STRICT", "--exit-on-error=true",
    "--no-such-flag=1", '"$@"', "$EXTRA_ARGS", "--log-verbose=1", "--grpc-port=8001",
    "--repository-poll-secs=30",
]
FORMS = ["sh", "dockerfile", "dockerfile_json", "compose", "compose_plain", "k8s", "python"]


def _render(form: str, flags: list[str]) -> tuple[str, str]:
    if form == "sh":
        return "run.sh", "#!/bin/sh\nexec trtserver " + " \\\n    ".join(flags) + "\n"
    if form == "dockerfile":
        return "Dockerfile", "FROM base\nCMD trtserver " + " ".join(flags) + "\n"
    if form == "compose":
        return "docker-compose.yml", ("services:\n  server:\n    entrypoint: >\n      nvidia_entrypoint.sh trtserver\n"
                                      + "".join(f"      {f}\n" for f in flags))
    words = ["trtserver", *(w for f in flags for w in f.split(" ", 1))]
    if form == "dockerfile_json":
        return "Dockerfile", "FROM base\nCMD [" + ", ".join(f'"{w}"' for w in (x.replace('"', "") for x in words)) + "]\n"
    if form == "compose_plain":
        return "docker-compose.yml", ("services:\n  server:\n    entrypoint: nvidia_entrypoint.sh trtserver\n"
                                      + "".join(f"      {f}\n" for f in flags if not f.startswith('"')))
    if form == "python":
        return "start.py", "import subprocess\n\nsubprocess.run([" + ", ".join(repr(w) for w in words) + "])\n"
    items = "".join(f"        - '{w}'\n" for w in words)
    return "pod.yaml", f"apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - name: s\n      command:\n{items}"


@hsettings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(FORMS), st.lists(st.sampled_from(FLAGS), min_size=1, max_size=6, unique=True),
       st.sampled_from(["2.51.0", "2.72.0", "2.20.0"]))
def test_generated_server_commands_keep_their_manual_items(form: str, flags: list[str], target: str) -> None:
    from triton_migrate.versions import Version

    name, text = _render(form, flags)
    run = Settings(target_version=Version(target))
    first = migrate_text(text, name, run)
    assert first.status in ("changed", "unchanged"), (first.reason, text)
    output = first.new if first.new is not None else text
    second = migrate_text(output, name, run)
    assert second.status in ("changed", "unchanged") and (second.new in (None, output)), text
    mapped = LineMap(text, output).original_line if output != text else (lambda n: n)
    assert manual_items(second.findings, mapped) == manual_items(first.findings), text
