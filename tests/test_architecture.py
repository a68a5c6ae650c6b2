"""The shape of the codebase: dependencies run one way, and modules stay readable."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("films", "people", "awards")
MAX_LINES = 600


def _python_files(package):
    return [p for p in (ROOT / package).rglob("*.py") if "migrations" not in p.parts]


def _imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


@pytest.mark.parametrize("path", _python_files("filmkb"), ids=lambda p: p.name)
def test_the_project_package_imports_no_app(path):
    """filmkb is infrastructure: apps import it, never the other way round."""
    tree = ast.parse(path.read_text(), filename=str(path))
    imported = [m for m in _imported_modules(tree) if m.split(".")[0] in APPS]
    assert imported == [], f"{path.relative_to(ROOT)} imports {imported}"


def test_the_architecture_check_sees_an_app_import():
    tree = ast.parse("def f():\n    from films.models import Film\n")
    assert list(_imported_modules(tree)) == ["films.models"]


@pytest.mark.parametrize(
    "path",
    [p for package in ("filmkb", *APPS) for p in _python_files(package)],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_application_module_is_over_600_lines(path):
    lines = len(path.read_text().splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines; split it by topic"
