"""Show (and with --write, write) the output of each fixture case whose expected file differs.

    python scripts/regen_fixture_outputs.py            # list the cases and their diffs
    python scripts/regen_fixture_outputs.py --write    # write them; then read `git diff fixtures/`

For a change that alters what many fixtures produce on purpose (say, the engine now
running the rules a selection requires); `pytest tests/test_fixtures.py
--update-snapshots` then rewrites the findings snapshots.  Review every diff: the
expected files are the specification.
"""
from __future__ import annotations

import difflib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fixture_cases import discover_cases  # noqa: E402

from triton_migrate.engine import migrate_bytes  # noqa: E402


def main(argv: list[str]) -> int:
    write = "--write" in argv
    differ = 0
    for case in discover_cases():
        data = case.input.read_bytes()
        outcome = migrate_bytes(data, case.logical, case.settings())
        new = outcome.new_bytes if outcome.new_bytes is not None else data
        expected = case.expected.read_bytes() if case.expected else data
        if new == expected:
            continue
        differ += 1
        print(f"== {case.id}" + (" (new expected file)" if case.expected is None else ""))
        for line in difflib.unified_diff(expected.decode().splitlines(), new.decode().splitlines(),
                                         lineterm="", n=0):
            if not line.startswith(("---", "+++", "@@")):
                print("   ", line)
        if write:
            target = case.expected or case.input.with_name(case.input.name.replace(".input.", ".expected."))
            target.write_bytes(new)
    print(f"{differ} case(s) differ" + (" (written)" if write and differ else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
