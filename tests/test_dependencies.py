"""Dependencies point one way: the import-linter contracts in pyproject.toml hold.

The checks read the models and the shared language module only; the services call
the checks; the admin, the commands and the importer call the services. A module
that imports one above it, even inside a function, breaks the build here.
"""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_code_keeps_its_dependency_contracts():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_check_importing_the_services_inside_a_function_breaks_the_contract(tmp_path):
    for package in ("articles", "newsroom"):
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    with (tmp_path / "articles/checks/services.py").open("a") as module:
        module.write("\n\ndef _dodge():\n    from articles.services import text_checksums\n")

    result = lint_imports(tmp_path)

    assert result.returncode != 0
    assert "articles.checks is not allowed to import articles.services" in result.stdout
