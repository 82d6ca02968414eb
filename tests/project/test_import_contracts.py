"""Imports point the way the architecture says (pyproject's [tool.importlinter]).

`make test` runs lint-imports on the real tree; these tests prove the contracts would
catch a wrong-way import, by running them over a small copy of the package layout.
"""

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())["tool"]["importlinter"]

ENGINE_IS_PURE = "The consensus engine is pure: no Django, no other part of the site"
FILMS_WITHOUT_CRITICS = "The catalogue knows nothing about critics or the pages"
ARROWS_POINT_DOWN = "Arrows point down: project, then the site's faces, then critics, films, core"

# A few modules in the real places; the imports the contracts allow are added per test.
LAYOUT = [
    "films/models.py",
    "critics/models.py",
    "consensus/ratings.py",
    "consensus/statement.py",
    "reviews_site/urls.py",
    "public/views.py",
    "api/endpoints.py",
    "demo/data.py",
    "core/images.py",
]


def lint_imports(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
    )


def write_module(root: Path, dotted: str, code: str) -> None:
    path = root.joinpath(*dotted.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    for package in [root / part for part in path.relative_to(root).parents][:-1]:
        package.mkdir(parents=True, exist_ok=True)
        (package / "__init__.py").touch()
    with path.open("a") as module:
        module.write(code + "\n")


@pytest.fixture
def site_copy(tmp_path):
    """The project's contracts over a small package tree that keeps them."""
    config = (PROJECT_DIR / "pyproject.toml").read_text()
    (tmp_path / "pyproject.toml").write_text(config)
    for path in LAYOUT:
        write_module(tmp_path, path.removesuffix(".py").replace("/", "."), "")
    # Imports that go the allowed way, so each contract has something to check.
    write_module(tmp_path, "consensus.statement", "from consensus import ratings")
    write_module(tmp_path, "critics.models", "import django.db\nfrom films import models")
    write_module(tmp_path, "films.models", "from core import images")
    write_module(tmp_path, "public.views", "import critics.models\nimport consensus.statement")
    write_module(tmp_path, "api.endpoints", "import critics.models")
    write_module(tmp_path, "demo.data", "import critics.models")
    write_module(tmp_path, "reviews_site.urls", "import public.views\nimport api.endpoints")
    # The debts the layers contract names must exist, or it fails on a stale exception.
    for contract in CONFIG["contracts"]:
        for ignored in contract.get("ignore_imports", []):
            importer, imported = (name.strip() for name in ignored.split("->"))
            write_module(tmp_path, imported, "")
            write_module(tmp_path, importer, f"import {imported}")
    return tmp_path


def test_the_site_keeps_its_import_contracts():
    result = lint_imports(PROJECT_DIR)
    assert result.returncode == 0, result.stdout + result.stderr
    for contract in CONFIG["contracts"]:
        assert f"{contract['name']} KEPT" in result.stdout


def test_the_copy_of_the_layout_keeps_the_contracts(site_copy):
    result = lint_imports(site_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "broken"),
    [
        ("consensus.ratings", "from django.db import models", ENGINE_IS_PURE),
        ("consensus.ratings", "from critics import models", ENGINE_IS_PURE),
        ("consensus.statement", "import films.models", ENGINE_IS_PURE),
        ("films.models", "from critics.models import Review", FILMS_WITHOUT_CRITICS),
        ("critics.models", "from reviews_site import urls", ARROWS_POINT_DOWN),
        ("films.models", "import reviews_site.urls", ARROWS_POINT_DOWN),
        ("critics.models", "from public import views", ARROWS_POINT_DOWN),
        ("core.images", "from films import models", ARROWS_POINT_DOWN),
        # The faces of the site are independent: the API does not borrow page code.
        ("api.endpoints", "from public import views", ARROWS_POINT_DOWN),
        ("consensus.ratings", "import core.images", ENGINE_IS_PURE),
    ],
)
def test_a_wrong_way_import_breaks_its_contract(site_copy, module, wrong_import, broken):
    write_module(site_copy, module, wrong_import)
    result = lint_imports(site_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{broken} BROKEN" in result.stdout
    assert module in result.stdout.split("Broken contracts")[1]


def test_an_indirect_import_also_breaks_the_engine_contract(site_copy):
    # The engine reaching the catalogue through critics/__init__.py still depends on it.
    write_module(site_copy, "consensus.ratings", "import critics")
    write_module(site_copy, "critics", "from films import models")
    result = lint_imports(site_copy)
    assert f"{ENGINE_IS_PURE} BROKEN" in result.stdout
