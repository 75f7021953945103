"""Run mutmut on one set of modules from pyproject.toml (`make mutation`, `make mutation-access`).

    python scripts/mutation.py SET [run [--max-children N] [MUTANT …] | results | show MUTANT]

mutmut reads a single `[tool.mutmut]` table. The set `text` is that table as it is; any
other set is a table `[tool.mutation-sets.SET]` whose keys are laid over it. A set's
`functions` (fnmatch patterns of mutmut's names, e.g. `directory.access.*`) limit the
run to the mutants of those functions: the rest of a mutated file is left alone.

`mutants/` holds one set at a time; running another set starts it afresh. After `run`
and with `results` the script prints, per file, mutants / killed / timeout / survived /
no tests and the score ((killed + timeout) / tested), then the names of the survivors.
"""

import fnmatch
import json
import os
import shutil
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
MUTANTS = Path("mutants")
SET_MARKER = MUTANTS / "mutation-set.txt"


def load_set(name: str) -> tuple[dict, list[str]]:
    """The mutmut configuration of the set and its function patterns ([] = all)."""
    tool = tomllib.loads((PROJECT / "pyproject.toml").read_text("utf-8"))["tool"]
    config = dict(tool["mutmut"])
    if name == "text":
        return config, []
    sets = tool.get("mutation-sets", {})
    if name not in sets:
        sys.exit(f"Unknown set {name!r}; known: text, {', '.join(sets)}")
    overrides = dict(sets[name])
    functions = overrides.pop("functions", [])
    return config | overrides, functions


def use_config(config: dict) -> None:
    """Make mutmut read `config` instead of pyproject.toml's [tool.mutmut]."""
    import mutmut.configuration

    mutmut.configuration._config_reader = lambda: config.get
    mutmut.configuration.reset_config()


def start_afresh_for(name: str) -> None:
    if MUTANTS.exists() and (not SET_MARKER.exists() or SET_MARKER.read_text() != name):
        shutil.rmtree(MUTANTS)
    MUTANTS.mkdir(exist_ok=True)
    SET_MARKER.write_text(name)


def outcomes(config: dict, functions: list[str]) -> dict[str, dict[str, str]]:
    """Per mutated file: mutant name → status ('killed', 'survived', 'no tests' …)."""
    from mutmut.stats import status_by_exit_code

    per_file = {}
    for source in config["source_paths"]:
        meta = MUTANTS / f"{source}.meta"
        if not meta.exists():
            continue
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        per_file[source] = {
            mutant: status_by_exit_code[code]
            for mutant, code in codes.items()
            if not functions or any(fnmatch.fnmatch(mutant, pattern) for pattern in functions)
        }
    return per_file


def report(config: dict, functions: list[str]) -> None:
    """The table for docs/testing.md: a mutant that makes the tests hang (timeout) is
    noticed as surely as one that makes them fail, so both count as detected."""
    per_file = outcomes(config, functions)
    rows, total = [], Counter()
    for source, statuses in per_file.items():
        counts = Counter(statuses.values())
        counts["mutants"] = len(statuses)
        total.update(counts)
        rows.append((source, counts))
    rows.append(("total", total))
    print(f"\n{'file':<28} mutants  killed  timeout  survived  no tests  other  score")
    for source, counts in rows:
        detected = counts["killed"] + counts["timeout"]
        known = detected + counts["survived"] + counts["no tests"]
        tested = detected + counts["survived"]
        score = f"{100 * detected / tested:.0f} %" if tested else "–"
        print(
            f"{source:<28} {counts['mutants']:>7} {counts['killed']:>7} {counts['timeout']:>8}"
            f" {counts['survived']:>9} {counts['no tests']:>9}"
            f" {counts['mutants'] - known:>6}  {score}"
        )
    for statuses in per_file.values():
        for mutant, status in sorted(statuses.items()):
            if status not in ("killed", "timeout"):
                print(f"  {status:<10} {mutant}")


def named_mutants(run_arguments: list[str]) -> list[str]:
    """The mutant names or patterns given to `run` (its only option takes a value)."""
    names, arguments = [], iter(run_arguments)
    for argument in arguments:
        if argument.startswith("--max-children"):
            if "=" not in argument:
                next(arguments, None)
        else:
            names.append(argument)
    return names


def main(argv: list[str]) -> None:
    if not argv:
        sys.exit(__doc__)
    name, command = argv[0], argv[1:] or ["run"]
    os.chdir(PROJECT)
    config, functions = load_set(name)
    use_config(config)
    from mutmut.__main__ import cli

    if command[0] == "results":
        report(config, functions)
        return
    if command[0] == "run":
        start_afresh_for(name)
        if not named_mutants(command[1:]):
            command = command + functions
    # A database-dependent set migrates one SQLite template per run (tests.mutation_database).
    with tempfile.TemporaryDirectory(prefix="mutation-") as scratch:
        os.environ["MUTATION_DATABASE_TEMPLATE"] = str(Path(scratch) / "template.sqlite3")
        try:
            cli.main(command, prog_name="mutmut", standalone_mode=False)
        finally:
            if command[0] == "run":
                report(config, functions)


if __name__ == "__main__":
    main(sys.argv[1:])
