"""The apps import one way only: the base (zhanjiang_union), then cases, then the hotline,
then the leadership's pages, then the dashboard that reads them all. The contract is `.importlinter` at the top
level (import-linter); its list of known leaks may shrink, never grow, and a leak removed
must leave the list too."""

import subprocess
import sys
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]


def test_no_app_imports_one_above_it():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", str(TOP / ".importlinter"), "--no-cache"],
        cwd=TOP,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
