"""The documentation builds warning-free, and the code on its pages runs.

- the user guide's examples (``docs/guide/*.rst``) run as doctests, from the
  repository root, like the docstrings do;
- a Sphinx build of the whole site with ``-W`` (every warning an error), with the
  ``dummy`` builder and without running the gallery (``plot_gallery=0``): it reads
  every page, the API reference generated from the docstrings and the registry
  tables, and resolves every cross-reference. ``make docs`` is the full HTML build
  that also runs the gallery.

Needs the ``docs`` extra (sphinx, numpydoc, sphinx-gallery, myst-parser).
"""

from __future__ import annotations

import doctest
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
GUIDE = sorted((DOCS / "guide").glob("*.rst"))


@pytest.mark.parametrize("page", GUIDE, ids=lambda p: p.name)
def test_guide_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # pages refer to examples/ from the repository root
    result = doctest.testfile(
        str(page),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
        report=True,
        verbose=False,
    )
    assert result.failed == 0, (
        f"{result.failed} of {result.attempted} examples failed in {page.name}"
    )


def test_sphinx_build_is_warning_free(tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "--keep-going",
        "-q",
        "-b",
        "dummy",
        "-D",
        "plot_gallery=0",
        "-d",
        str(tmp_path / "doctrees"),
        str(DOCS),
        str(out),
    ]
    env = {**os.environ, "MPLBACKEND": "Agg"}
    proc = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    shutil.rmtree(out, ignore_errors=True)
