"""The package layout is the pipeline: a layer imports only from itself and the layers
before it, and an extraction stage only from the stages before it. Every import counts,
including those inside functions and under ``TYPE_CHECKING``: a lazy import back up the
pipeline is still a loop."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "kg"

# the modules of the package's own top level are the foundation every layer may use
FOUNDATION = "kg"
LAYERS = [
    FOUNDATION,
    "kg.catalog",
    "kg.corpus",
    "kg.extract",
    "kg.graph",
    "kg.rdf",
    "kg.sparql",
    "kg.store",
    "kg.analyze",
    "kg.viz",
    "kg.web",
    "kg.evaluate",
    "kg.build",
    "kg.cli",
]
EXTRACT_STAGES = [
    "nlp",
    "mentions",
    "reference",
    "arguments",
    "modality",
    "patterns",
    "typers",
    "constraints",
    "assemble",
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def kg_imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every kg module ``path`` imports, ``from kg import x`` as ``kg.x``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("kg.")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == "kg":
                found += [(node.lineno, f"kg.{a.name}") for a in node.names]
            elif node.module.startswith("kg."):
                found.append((node.lineno, node.module))
    return found


def layer_of(module: str) -> int:
    """The index in LAYERS of the layer ``module`` belongs to (a top-level module, or a name
    that is not a module such as ``kg.__version__``, is the foundation)."""
    parts = module.split(".")
    package = ".".join(parts[:2])
    if package in LAYERS and (PACKAGE / parts[1]).is_dir():
        return LAYERS.index(package)
    if module == "kg.__main__":
        return len(LAYERS)
    return 0


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_package_is_a_layer():
    packages = {f"kg.{p.name}" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(LAYERS) - {FOUNDATION}


def test_every_layer_says_what_it_takes_and_gives():
    for layer in LAYERS[1:]:
        init = PACKAGE / layer.split(".")[1] / "__init__.py"
        docstring = ast.get_docstring(ast.parse(init.read_text()))
        assert docstring and len(docstring.split()) >= 15, f"{layer} needs a docstring"


@pytest.mark.parametrize("path", modules(), ids=lambda p: module_name(p))
def test_no_import_goes_back_up_the_pipeline(path: Path):
    here = module_name(path)
    upward = [
        f"line {line}: {here} imports {target}"
        for line, target in kg_imports(path)
        if layer_of(target) > layer_of(here)
    ]
    assert upward == []


def test_extraction_stages_import_only_earlier_stages():
    order = {f"kg.extract.{name}": i for i, name in enumerate(EXTRACT_STAGES)}
    on_disk = {module_name(p) for p in (PACKAGE / "extract").glob("*.py")} - {"kg.extract"}
    assert on_disk == set(order), "a new extraction module needs its place in EXTRACT_STAGES"
    backwards = [
        f"line {line}: {here} imports {target}"
        for here in order
        for line, target in kg_imports(PACKAGE / "extract" / f"{here.split('.')[-1]}.py")
        if target in order and order[target] >= order[here]
    ]
    assert backwards == []


def test_the_check_sees_a_lazy_import_back_up(tmp_path: Path):
    """The contract would pass vacuously if the walk missed imports inside functions."""
    module = tmp_path / "late.py"
    module.write_text("def f():\n    from kg.build.pipeline import build\n    import kg.cli\n")
    assert kg_imports(module) == [(2, "kg.build.pipeline"), (3, "kg.cli")]
    assert layer_of("kg.build.pipeline") > layer_of("kg.extract.nlp")
    assert layer_of("kg.errors") == 0 and layer_of("kg.__version__") == 0
