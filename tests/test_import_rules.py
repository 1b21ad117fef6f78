"""Import direction (ARCHITECTURE.md): the cross-cutting libraries never import a domain app
or a shell; domain apps never import the shells."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "fazhi"

LIBRARIES = ("core", "deadlines", "procedures", "ledger")
DOMAIN_APPS = (
    "normative_documents",
    "major_decisions",
    "enforcement",
    "reconsideration",
    "litigation",
    "hotline",
    "disclosure",
    "plans",
    "capacity",
    "assessment",
)
SHELLS = ("portal", "workspace", "demo")


def imported_modules(source: str) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            modules.update(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def forbidden_imports(source: str, forbidden: tuple[str, ...]) -> list[str]:
    prefixes = tuple(f"fazhi.{app}" for app in forbidden)
    return sorted(
        module
        for module in imported_modules(source)
        if module in prefixes or module.startswith(tuple(p + "." for p in prefixes))
    )


def python_files(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py")) if (ROOT / app).is_dir() else []


def test_checker_detects_a_violation():
    source = "from fazhi.enforcement.models import Case\nimport fazhi.portal.views\n"
    assert forbidden_imports(source, DOMAIN_APPS + SHELLS) == [
        "fazhi.enforcement.models",
        "fazhi.enforcement.models.Case",
        "fazhi.portal.views",
    ]
    assert forbidden_imports("from fazhi.core import policies\n", DOMAIN_APPS) == []


@pytest.mark.parametrize("library", LIBRARIES)
def test_libraries_import_no_domain_app_or_shell(library):
    files = python_files(library)
    if library == "core":
        assert files, "fazhi/core must exist"
    violations = {
        str(path.relative_to(ROOT)): bad
        for path in files
        if (bad := forbidden_imports(path.read_text(encoding="utf-8"), DOMAIN_APPS + SHELLS))
    }
    assert violations == {}


@pytest.mark.parametrize("app", DOMAIN_APPS)
def test_domain_apps_import_no_shell(app):
    violations = {
        str(path.relative_to(ROOT)): bad
        for path in python_files(app)
        if (bad := forbidden_imports(path.read_text(encoding="utf-8"), SHELLS))
    }
    assert violations == {}
