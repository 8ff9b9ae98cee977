"""The package's shape: layers import downwards only, no cycles, no private names across modules.

Walks every import of every module under ``src/arcticroute`` (module level and
inside functions, ``TYPE_CHECKING`` blocks included) with :mod:`ast`, so the
rules in ARCHITECTURE.md are checked, not just written down.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import arcticroute

PKG = Path(arcticroute.__file__).parent

LAYERS = [
    {
        "arcticroute.errors",
        "arcticroute.version",
        "arcticroute.assumptions",
        "arcticroute.caches",
        "arcticroute.workers",
        "arcticroute.inputs",
    },
    {"arcticroute.geo"},
    {"arcticroute.ice"},
    {"arcticroute.vessel"},
    {"arcticroute.rules"},
    {"arcticroute.routing"},
    {"arcticroute.economics"},
    {"arcticroute.analysis"},
    {"arcticroute.plots"},
    {"arcticroute.cli", "arcticroute.web"},
    {"arcticroute"},  # the public API in __init__ sits on top of everything it re-exports
]
"""Layers from the ground up; a module may import its own layer and the ones below."""

MAX_TOP_LEVEL_MODULES = 6
MAX_FUNCTION_LINES = 120


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PKG.rglob("*.py"))}


def layer_of(mod: str) -> int:
    for i, names in enumerate(LAYERS):
        for name in names:
            if mod == name or (name != "arcticroute" and mod.startswith(name + ".")):
                return i
    raise AssertionError(f"{mod} belongs to no layer; add it to LAYERS in {__file__}")


def imports_of(mod: str) -> list[tuple[str, str | None, int]]:
    """(imported module, imported name or None, line) for every import in ``mod``."""
    path = MODULES[mod]
    out = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            out += [
                (a.name, None, node.lineno) for a in node.names if a.name.startswith("arcticroute")
            ]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = mod.split(".")
                if path.name != "__init__.py":
                    parts = parts[:-1]
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            if not base.startswith("arcticroute"):
                continue
            for a in node.names:
                full = f"{base}.{a.name}"
                out.append(
                    (full, None, node.lineno) if full in MODULES else (base, a.name, node.lineno)
                )
    return out


GRAPH = {m: {t for t, _, _ in imports_of(m) if t in MODULES and t != m} for m in MODULES}


def test_every_module_is_in_a_layer():
    for mod in MODULES:
        layer_of(mod)


def test_imports_point_down_only():
    upward = [
        f"{m} (layer {layer_of(m)}) imports {t} (layer {layer_of(t)})"
        for m, targets in GRAPH.items()
        for t in targets
        if layer_of(t) > layer_of(m)
    ]
    assert upward == []


def test_no_import_cycles():
    # Tarjan's strongly connected components over the module graph.
    index, low, stack, on, cycles, counter = {}, {}, [], set(), [], [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in GRAPH[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in GRAPH:
        if v not in index:
            visit(v)
    # A package __init__ that re-exports its own modules is not a cycle of logic.
    cycles = [c for c in cycles if not all(is_reexport(a, b) for a in c for b in c if a != b)]
    assert cycles == []


def is_reexport(a: str, b: str) -> bool:
    return a.startswith(b + ".") or b.startswith(a + ".")


def test_no_private_name_imported_across_modules():
    private = [
        f"{m}:{line} imports {name} from {t}"
        for m in MODULES
        for t, name, line in imports_of(m)
        if name is not None and name.startswith("_") and not name.startswith("__") and t != m
    ]
    assert private == []


def test_no_private_attribute_of_another_module_used():
    found = []
    for m in MODULES:
        aliases = {}
        tree = ast.parse(MODULES[m].read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                for a in node.names:
                    name = a.asname or a.name.split(".")[-1]
                    if isinstance(node, ast.Import) and not a.asname:
                        continue  # "import arcticroute.x" binds "arcticroute", not checked
                    aliases[name] = a.name
        own = {t for t, n, _ in imports_of(m) if n is None and t in MODULES and t != m}
        module_aliases = {
            n
            for n, full in aliases.items()
            if any(t.endswith("." + full) or t == full for t in own)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in module_aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.append(f"{m}:{node.lineno} uses {node.value.id}.{node.attr}")
    assert found == []


def test_top_level_is_small():
    top = [m for m, p in MODULES.items() if p.parent == PKG and p.name != "__init__.py"]
    assert len(top) <= MAX_TOP_LEVEL_MODULES, top


@pytest.mark.parametrize("limit", [MAX_FUNCTION_LINES])
def test_no_function_is_too_long(limit):
    long = defaultdict(list)
    for mod, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                n = node.end_lineno - node.lineno + 1
                if n > limit:
                    long[mod].append(f"{node.name} ({n} lines)")
    assert dict(long) == {}
