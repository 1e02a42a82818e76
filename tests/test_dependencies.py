"""Dependencies point one way: the layered import-linter contract in pyproject.toml holds.

Entry points (URLconfs, commands, template tags) on top; then the admin; then the reader's
pages and the importer, which know nothing of each other; the services; the checks; the
models at the bottom. A module that imports one above it, even inside a function, breaks
the build here, and so does a module the contract does not place in a layer.
"""

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
PACKAGES = ("articles", "newsroom")


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )


def copy_of_the_tree(destination: Path) -> Path:
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, destination / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", destination)
    return destination


def layered_modules() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    (contract,) = config["tool"]["importlinter"]["contracts"]
    assert contract["type"] == "layers"
    return {name.strip() for layer in contract["layers"] for name in re.split(r"[|:]", layer)}


def test_the_code_keeps_its_dependency_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_module_of_both_packages_has_a_layer():
    modules = {
        f"{package}.{path.stem if path.is_file() else path.name}"
        for package in PACKAGES
        for path in (ROOT / package).iterdir()
        if (path.suffix == ".py" and path.stem != "__init__")
        or (path.is_dir() and (path / "__init__.py").exists())
    }

    missing = modules - layered_modules()

    assert not missing, f"add these to a layer in pyproject.toml: {sorted(missing)}"


@pytest.mark.parametrize(
    ("module", "bad_import", "message"),
    [
        (
            "articles/services/states.py",
            "from articles.views import x_default_version",
            "articles.services is not allowed to import articles.views",
        ),
        (
            "articles/editorial_checks/structure.py",
            "from articles.rendering import body_blocks",
            "articles.editorial_checks is not allowed to import articles.rendering",
        ),
        (
            "articles/importing/planning.py",
            "from articles.caching import invalidate_public_pages",
            "articles.importing is not allowed to import articles.caching",
        ),
        (
            "articles/editorial_checks/services.py",
            "from articles.services import text_checksums",
            "articles.editorial_checks is not allowed to import articles.services",
        ),
    ],
    ids=["services-views", "checks-rendering", "importing-caching", "checks-services"],
)
def test_a_lower_layer_importing_a_higher_one_inside_a_function_breaks_the_contract(
    tmp_path, module, bad_import, message
):
    tree = copy_of_the_tree(tmp_path)
    with (tree / module).open("a") as source:
        source.write(f"\n\ndef _dodge():\n    {bad_import}\n")

    result = lint_imports(tree)

    assert result.returncode != 0
    assert message in result.stdout
