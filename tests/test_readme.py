"""Every shell command of README.md runs verbatim from a fresh clone.

Convention: the fenced blocks marked ``bash``, ``sh``, ``shell`` or ``console`` are command blocks (a ``console``
line starts with ``$ ``). Each line that starts with ``qlaudit``, ``.venv/bin/qlaudit`` or ``.venv/bin/python tools/``
is run with bash, in order, in one temporary folder holding a fresh copy of ``data/`` and ``tools/`` and a link to
this virtual environment as ``.venv`` (so relative paths work as in a clone), and must exit 0 — or the code a
trailing comment states as ``# exit N``. ``python3 tasks.py …`` lines are not run: ``test`` and ``report`` are what
CI itself runs (running them here would recurse), ``lab`` starts a server, ``setup`` made this environment. Any other
line fails the test until this convention says what to do with it.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qlaudit.report.pdf import chromium

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.M | re.S)
RUN = re.compile(r"^(qlaudit|\.venv/bin/qlaudit|\.venv/bin/python tools/)\b")
NOT_RUN = {
    "python3 tasks.py test": "CI runs it: running it here would run this test again",
    "python3 tasks.py report": "CI runs it (and `qlaudit report` below runs the same notebook)",
    "python3 tasks.py lab": "starts a JupyterLab server that does not exit",
    "python3 tasks.py setup": "made the environment this test runs in",
}


def readme_commands(text: str) -> list[tuple[int, str]]:
    """(line number, command) of every command line of the README's shell blocks, comments kept."""
    commands = []
    for block in FENCE.finditer(text):
        if block[1] not in ("bash", "sh", "shell", "console"):
            continue
        first = text.count("\n", 0, block.start(2)) + 1
        for offset, line in enumerate(block[2].splitlines()):
            line = line.strip()
            if block[1] == "console":
                if not line.startswith("$ "):
                    continue  # output shown in a console block
                line = line[2:]
            if line and not line.startswith("#"):
                commands.append((first + offset, line))
    return commands


COMMANDS = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))


def expected_exit(command: str) -> int:
    comment = command.partition("  #")[2] or command.partition(" # ")[2]
    found = re.match(r"\s*exit (\d+)\b", comment)
    return int(found[1]) if found else 0


def test_the_readme_has_command_blocks_and_each_line_is_run_or_skipped_for_a_reason():
    assert len(COMMANDS) >= 10
    for _, command in COMMANDS:
        assert RUN.match(command) or any(command.startswith(k) for k in NOT_RUN), (
            f"README command not covered by the convention of tests/test_readme.py: {command}")
    assert expected_exit("qlaudit lint x.txt  # exit 1: errors found") == 1
    assert expected_exit("qlaudit validate  # import log; exit 0 valid, 2 invalid") == 0


@pytest.fixture(scope="module")
def clone(tmp_path_factory):
    """A folder laid out like a fresh clone: a copy of data/ and tools/, .venv linked to this environment."""
    folder = tmp_path_factory.mktemp("clone")
    shutil.copytree(ROOT / "data", folder / "data")
    shutil.copytree(ROOT / "tools", folder / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    (folder / ".venv").symlink_to(Path(sys.executable).parent.parent, target_is_directory=True)
    return folder


@pytest.mark.parametrize(("line", "command"), COMMANDS, ids=[f"README:{n}" for n, _ in COMMANDS])
def test_readme_command_runs_verbatim(clone, line, command):
    skipped = next((reason for key, reason in NOT_RUN.items() if command.startswith(key)), None)
    if skipped:
        pytest.skip(f"README line {line} not run: {skipped}")
    if " --pdf" in command and chromium() is None:
        pytest.skip(f"README line {line} needs Chromium for --pdf (installed by `python3 tasks.py test` as root)")
    env = {k: v for k, v in os.environ.items() if k not in ("QLAUDIT_DATA", "QLAUDIT_LANG")}
    env["PATH"] = f"{clone / '.venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == expected_exit(command), (
        f"README line {line}: `{command}` exited {done.returncode}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
