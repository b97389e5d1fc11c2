"""The handbook's hosting files and configuration, read without a build: Read the Docs' and
GitHub's files against their schemas and the Makefile, and `conf.py` loaded quietly (the built
website as published: tests/sphinx/test_publishing.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml
from helpers import PROJECT


@pytest.mark.parametrize(
    ("path", "schema"),
    [(".readthedocs.yaml", "vendor.readthedocs"), (".github/workflows/handbook.yml", "vendor.github-workflows")],
)
def test_hosting_files_follow_their_services_schemas(path, schema):
    """Read the Docs' and GitHub's own schemas (vendored by check-jsonschema: no network)."""
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(PROJECT / path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_read_the_docs_builds_what_make_builds():
    """The PDFs first (the Makefile's own target), then the site that links them; the handbook is
    the version's PDF download; no second indexing that would replace the handbook's own index."""
    config = yaml.safe_load((PROJECT / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert (PROJECT / config["sphinx"]["configuration"]).is_file()
    assert all((PROJECT / step["requirements"]).is_file() for step in config["python"]["install"])
    assert config["build"]["jobs"]["pre_build"] == ["make pdf PY=python DEBIAN_TOOLS="]
    assert 'cp _build/pdf/handbook.pdf "$READTHEDOCS_OUTPUT/pdf/"' in config["build"]["jobs"]["post_build"]
    assert "formats" not in config  # Read the Docs' own LaTeX step would print a second, different PDF
    assert not any("pagefind" in step for step in config["build"]["jobs"]["post_build"])
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    tex_packages = makefile.split("DEBIAN_PACKAGES := ", 1)[1].split("\n\n", 1)[0].split("\n# ", 1)[0]
    assert set(config["build"]["apt_packages"]) == set(tex_packages.replace("\\", " ").split()) - {
        "chromium",
        "poppler-utils",
    }


def test_the_workflow_checks_pull_requests_and_publishes_main_on_pages():
    workflow = yaml.safe_load((PROJECT / ".github/workflows/handbook.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    check = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("python -m handbook check --format github" in run for run in check)
    build = workflow["jobs"]["build"]["steps"]
    made = next(step for step in build if step.get("run", "").startswith("make"))
    assert made["env"]["HANDBOOK_BASEURL"] == "${{ steps.pages.outputs.base_url }}/"
    assert any(
        step.get("uses", "").startswith("actions/upload-pages-artifact") and step["with"]["path"] == "_build/html"
        for step in build
    )
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_loading_the_configuration_prints_nothing_about_card_images():
    """Card images are off, so the link-preview extension's line about matplotlib, printed on every
    build when it is imported without it, is not shown to editors."""
    code = f"import runpy; runpy.run_path({str(PROJECT / 'conf.py')!r}); import sphinxext.opengraph"
    done = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
