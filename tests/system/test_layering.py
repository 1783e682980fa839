"""The layers, enforced: library <- harness <- CLI, and only the CLI prints or exits.

- the library (every `extractor` module outside `extractor.evaluation` and `extractor.cli`)
  imports neither the harness nor the CLI;
- the harness (`extractor.evaluation`) does not import the CLI;
- neither prints, opens a rich Console, uses typer or exits the process: the CLI does that.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "extractor"


def _layer(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    if parts[0] in ("cli", "evaluation"):
        return parts[0]
    return "library"


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "templates" not in p.parts)
FORBIDDEN_IMPORTS = {
    "library": ("extractor.cli", "extractor.evaluation"),
    "evaluation": ("extractor.cli",),
    "cli": (),
}


def _imports(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_imports_a_layer_above_it(path: Path) -> None:
    layer = _layer(path)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = [
        name
        for name in _imports(tree)
        for above in FORBIDDEN_IMPORTS[layer]
        if name == above or name.startswith(above + ".")
    ]
    assert bad == [], f"{layer} module imports {bad}"


@pytest.mark.parametrize(
    "path", [p for p in MODULES if _layer(p) != "cli"], ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_only_the_cli_prints_or_exits(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("print", "exit"):
                problems.append(f"line {node.lineno}: {func.id}()")
            if (
                isinstance(func, ast.Attribute)
                and func.attr == "exit"
                and getattr(func.value, "id", "") == "sys"
            ):
                problems.append(f"line {node.lineno}: sys.exit()")
            if isinstance(func, ast.Name) and func.id == "Console":
                problems.append(f"line {node.lineno}: Console()")
    problems += [f"imports {n}" for n in _imports(tree) if n == "typer" or n.startswith("typer.")]
    assert problems == []
