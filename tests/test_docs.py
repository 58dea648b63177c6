"""The README's reference sections are generated from settings, schema, taxonomy and CLI."""
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from sitroom.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_readme_reference_sections_are_current():
    r = subprocess.run([sys.executable, "-m", "sitroom.docs", "--check"], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_every_command_has_help():
    runner = CliRunner()
    assert runner.invoke(main, ["--help"]).exit_code == 0
    for name in main.list_commands(None):
        res = runner.invoke(main, [name, "--help"])
        assert res.exit_code == 0 and "Usage:" in res.output, name


def test_readme_names_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in text and "make test" in text
