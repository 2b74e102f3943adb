"""The package's layers: data flows one way, and no module imports from a layer above it.

Lazy imports inside functions count too: they are dependencies all the same.
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "bpolint"

# bottom to top; a module may import from its own layer and the layers below
LAYERS: list[set[str]] = [
    {"version", "errors", "model", "paths", "metrics", "quantities", "numbering", "yamlio", "limits", "pool",
     "literals", "regex_programs", "reading", "output"},
    {"taxonomy", "config"},
    {"extract"},
    {"segment"},
    {"ruleset"},
    {"match"},
    {"checks"},
    {"engine"},
    {"fingerprint", "identity", "suppressions", "pipeline", "distributed", "discovery", "scoring", "ruletest", "docs", "baseline", "starter"},
    {"report"},
    {"diff"},
    {"negotiate"},
    {"api"},
    {"web"},  # bpolint serve: the page and HTTP API over the api layer
    {"cli", "__init__", "__main__"},
]


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for i, names in enumerate(LAYERS):
        if top in names:
            return i
    raise AssertionError(f"bpolint.{module} is in no layer: add it to LAYERS in {__file__}")


def _module_name(path: Path, root: Path) -> str:
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, module: str) -> set[str]:
    """bpolint modules imported by ``path`` (absolute or relative), as dotted names below bpolint."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if module == "__init__":
        package: list[str] = []
    else:
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name[len("bpolint."):] for a in node.names if a.name.startswith("bpolint."))
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                if node.module and node.module.startswith("bpolint."):
                    out.add(node.module[len("bpolint."):])
                continue
            base = package[: len(package) - node.level + 1] if node.level > 1 else package
            target = ".".join(base + ([node.module] if node.module else []))
            if target:
                out.add(target)
            elif node.module is None:  # "from . import x" at the package root
                out.update(a.name for a in node.names)
    return out


def upward_imports(root: Path) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        for target in _imports(path, module):
            if _layer(target) > _layer(module):
                found.append(f"bpolint.{module} imports bpolint.{target}")
    return found


def test_no_module_imports_from_a_higher_layer():
    upward = upward_imports(PACKAGE)
    assert not upward, "upward imports:\n" + "\n".join(upward)


def test_an_upward_import_is_caught(tmp_path):
    (tmp_path / "segment").mkdir()
    (tmp_path / "segment" / "__init__.py").write_text("from .segmenter import segment\n")
    (tmp_path / "segment" / "segmenter.py").write_text(
        "from ..model import Block\n\ndef segment():\n    from ..checks.base import CheckContext\n")
    assert upward_imports(tmp_path) == ["bpolint.segment.segmenter imports bpolint.checks.base"]
