"""The architecture: import-linter's contracts (pyproject.toml) and rules it cannot express."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "summarizer"


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_import_linter_contracts_hold() -> None:
    linter = shutil.which("lint-imports")
    assert linter, "import-linter is a dev dependency"
    result = subprocess.run(
        [linter, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout


def test_import_linter_catches_a_violation(tmp_path: Path) -> None:
    """The contracts are live: a text mechanism that imports the rules breaks them."""
    copy = tmp_path / "repo"
    shutil.copytree(PACKAGE, copy / "summarizer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "summarizer_evals", copy / "summarizer_evals")
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    bad = copy / "summarizer" / "text" / "numbers.py"
    bad.write_text(bad.read_text() + "\nfrom summarizer.rules import lexicon  # noqa\n")
    result = subprocess.run(
        [shutil.which("lint-imports") or "lint-imports", "--no-cache"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": str(copy), "PATH": str(Path(shutil.which("python") or "").parent)},
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "summarizer.text.numbers -> summarizer.rules" in result.stdout


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=str)
def test_only_the_cli_imports_click(path: Path) -> None:
    if path.name not in ("cli.py", "cli_options.py", "cli_tools.py"):
        assert "click" not in imports_of(path)


def test_only_config_reads_the_environment() -> None:
    readers = [p.name for p in PACKAGE.rglob("*.py") if "os.environ" in p.read_text()]
    assert readers == ["config.py"]


def test_provider_libraries_are_imported_only_by_their_backend() -> None:
    seen = {"openai": [], "llama_cpp": []}
    for path in PACKAGE.rglob("*.py"):
        names = imports_of(path)
        if "openai" in names or "instructor" in names:
            seen["openai"].append(path.name)
        if any(n.startswith("llama_cpp") for n in names):
            seen["llama_cpp"].append(path.name)
    assert {k: sorted(v) for k, v in seen.items()} == {
        "openai": ["openai_compat.py", "retries.py"],  # the remote backend and its retries
        "llama_cpp": ["check_first.py", "embedded.py"],  # the embedded backend and its decoder
    }
