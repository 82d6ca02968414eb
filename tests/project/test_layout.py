"""The code keeps the shape docs/architecture.md describes."""

from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
APPLICATION_PACKAGES = (
    "reviews_site",
    "core",
    "films",
    "critics",
    "public",
    "api",
    "demo",
    "consensus",
)
MAX_MODULE_LINES = 400


def application_modules():
    for package in APPLICATION_PACKAGES:
        for path in sorted((PROJECT_DIR / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_no_application_module_is_over_four_hundred_lines():
    too_long = {
        str(path.relative_to(PROJECT_DIR)): lines
        for path in application_modules()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert too_long == {}


@pytest.mark.parametrize("package", APPLICATION_PACKAGES)
def test_every_package_in_the_readme_layout_exists_and_is_listed(package):
    readme = (PROJECT_DIR / "README.md").read_text()
    assert (PROJECT_DIR / package / "__init__.py").exists()
    assert f"`{package}/`" in readme
