"""The installed wheel works on its own: data files ship inside it and are found there."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = dist.glob("kg_news-*.whl")
    env_dir = root / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    # dependencies come from the test environment (no download); kg itself only from the wheel
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    deps = [p for p in site.getsitepackages() if Path(p).is_dir()]
    Path(purelib, "test_deps.pth").write_text("\n".join(deps) + "\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    return env_dir


def _run(env_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(env_dir / "bin" / "kg"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )


def test_wheel_contains_data_files(wheel_venv):
    python = wheel_venv / "bin" / "python"
    out = subprocess.run(
        [
            str(python),
            "-c",
            "import kg, kg.resources as r; print(kg.__file__); "
            "print(r.data_path('ontology', 'kg.ttl').is_file(), r.data_path('queries').is_dir())",
        ],
        cwd=wheel_venv,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert str(wheel_venv) in out[0], "kg must be imported from the installed wheel"
    assert out[1:] == ["True", "True"]


def test_installed_build_and_query_list(wheel_venv, tmp_path):
    built = _run(wheel_venv, "build", "-o", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "graph.ttl").stat().st_size > 0
    assert (tmp_path / "out" / "graph.html").stat().st_size > 0
    listed = _run(wheel_venv, "query", "--list", "--format", "json", cwd=tmp_path)
    assert listed.returncode == 0, listed.stderr
    names = {q["name"] for q in json.loads(listed.stdout)}
    assert {"allies-of", "enemies-of", "evidence-for"} <= names


def test_wheel_ships_templates_and_static_files(wheel_venv, tmp_path):
    """The pages' templates, scripts and the vendored editor are in the wheel: the graph page
    renders and kg serve's page assets are found from the installed package."""
    python = wheel_venv / "bin" / "python"
    script = (
        "import kg.web.pages as s, kg.viz.graph_page as v; "
        "print(sorted(s.static_files())); "
        "print(v.template_environment().list_templates())"
    )
    out = subprocess.run(
        [str(python), "-c", script], cwd=tmp_path, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    static, templates = out
    for name in (
        "graph.js",
        "graph.css",
        "queries.js",
        "queries.css",
        "codemirror-5.65.18/codemirror.js",
        "codemirror-5.65.18/sparql.js",
        "codemirror-5.65.18/LICENSE",
    ):
        assert repr(name) in static, name
    assert "'graph.html.j2'" in templates and "'queries.html.j2'" in templates
    built = _run(wheel_venv, "build", "-o", "out", cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "kg-min-evidence" in page and "kg-hops" in page  # graph.js and the template
