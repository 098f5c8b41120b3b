"""The architecture holds: the core imports no outer ring, and every module imports alone."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "normalize"
CORE = ("engine", "spans", "types", "context", "loader", "schema", "registry", "errors")


@pytest.mark.parametrize(
    "module",
    ["normalize.registry", "normalize.functions", "normalize.schema", "normalize.loader",
     "normalize.kinds.typo.fixer", "normalize.kinds.boilerplate.kind", "normalize.engine"],
)  # fmt: skip
def test_each_module_imports_first(module):
    # An import circle shows as a failure when one of its modules is imported first.
    subprocess.run([sys.executable, "-c", f"import {module}"], check=True)


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_the_core_never_imports_the_outer_ring():
    outer = ("normalize.cli", "normalize.run", "normalize.io", "normalize.integrations")
    for name in CORE:
        for imported in _imports(PACKAGE / f"{name}.py"):
            assert not imported.startswith(outer), f"{name}.py imports {imported}"


def test_the_registry_and_functions_know_no_kind():
    # The closed set of kinds is one static table (normalize.kinds), read by the loader.
    for name in ("registry", "functions", "schema"):
        assert not any(m.startswith("normalize.kinds") for m in _imports(PACKAGE / f"{name}.py"))


def test_the_testing_kit_checks_without_assert():
    # ``python -O`` removes assert statements; the kit's checks must still fail loudly.
    for path in (PACKAGE / "testing").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        assert not any(isinstance(n, ast.Assert) for n in ast.walk(tree)), path.name
