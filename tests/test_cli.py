"""The command line: every help text works, and tables print figures a person can read."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analytics import cli
from analytics.display import presentation

COMMANDS = sorted(cli.build_parser()._subparsers._group_actions[0].choices)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_help_works(command, capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--help"] if command is None else [command, "--help"])
    assert done.value.code == 0 and "usage:" in capsys.readouterr().out


def test_the_module_runs_its_help_from_a_shell():
    run = subprocess.run([sys.executable, "-m", "analytics", "--help"], capture_output=True, text=True)
    assert run.returncode == 0 and "keylist" in run.stdout


def test_tables_print_counts_as_integers_and_money_with_separators_and_units():
    frame = pd.DataFrame({"year": [2025.0], "injuries": [6963.0], "benefits_paid": [7.69e8], "injury_rate": [3.14159]})
    text = presentation.text_table(frame, "zh")
    assert "6,963" in text and "769,000,000 元" in text and "3.142" in text and "2025" in text
    assert "6963.0" not in text and "e+08" not in text and "2,025" not in text
    assert "认定工伤" in text and "Injury" in presentation.text_table(frame, "en")
