"""The layering of DESIGN.md, checked on the import statements of the package."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"


def imports_of(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def ours(path: Path) -> set[str]:
    return {n for n in imports_of(path) if n.split(".")[0] in ("summarizer", "evals")}


def test_schemas_import_nothing_of_ours() -> None:
    assert ours(PACKAGE / "schemas.py") == set()


@pytest.mark.parametrize("path", sorted((PACKAGE / "backends").glob("*.py")), ids=str)
def test_backends_do_not_import_the_pipeline(path: Path) -> None:
    forbidden = {
        "summarizer.extract",
        "summarizer.batch",
        "summarizer.cli",
        "summarizer.api",
        "summarizer.cache",
    }
    assert ours(path) & forbidden == set()


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=str)
def test_nothing_imports_evals_and_only_the_cli_imports_click(path: Path) -> None:
    assert not any(n.split(".")[0] == "evals" for n in imports_of(path))
    if path.name != "cli.py":
        assert "click" not in imports_of(path)
        assert "summarizer.cli" not in ours(path) or path.name == "__main__.py"


def test_only_config_reads_the_environment() -> None:
    readers = [p.name for p in PACKAGE.rglob("*.py") if "os.environ" in p.read_text()]
    assert set(readers) <= {"config.py", "prompts.py"}


def test_provider_libraries_are_imported_only_by_their_backend() -> None:
    for path in PACKAGE.rglob("*.py"):
        names = imports_of(path)
        if "openai" in names or "instructor" in names:
            assert path.name == "openai_compat.py", path
        if any(n.startswith("llama_cpp") for n in names):
            assert path.name == "embedded.py", path
