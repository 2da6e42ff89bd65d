"""Sphinx configuration of the govsim documentation.

Build: ``sphinx-build -W -b html docs docs/_build/html`` (runs the gallery);
``-D plot_gallery=0`` skips running the examples. No network access is needed:
there is no intersphinx inventory to fetch.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import govsim  # noqa: E402

os.environ.setdefault("MPLBACKEND", "Agg")

project = "govsim"
author = "govsim developers"
copyright = "govsim developers"
release = govsim.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx.ext.viewcode",
    "numpydoc",
    "sphinx_gallery.gen_gallery",
    "myst_parser",
    "govsim_docs",
]

source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
root_doc = "index"
templates_path = ["_templates"]
exclude_patterns = [
    "_build",
    "tutorials/*.rst",
    "**/sg_execution_times.rst",
    "auto_examples/*.ipynb",
    "auto_tutorials/*.ipynb",
]
default_role = "py:obj"
nitpicky = False
suppress_warnings: list[str] = []

# -- autodoc / autosummary / numpydoc ---------------------------------------------
autosummary_generate = True
autosummary_imported_members = True
autosummary_ignore_module_all = False
autodoc_typehints = "none"  # numpydoc sections carry the types
autodoc_member_order = "bysource"
autodoc_default_options = {"show-inheritance": True}
autoclass_content = "class"
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False
numpydoc_validation_checks: set[str] = set()

# -- sphinx-gallery ----------------------------------------------------------------
# examples/ keeps its script names (akim_rollout.py, ...): every .py file runs.
sphinx_gallery_conf = {
    "examples_dirs": ["../examples", "tutorials"],
    "gallery_dirs": ["auto_examples", "auto_tutorials"],
    "filename_pattern": r"\.py$",
    "ignore_pattern": r"__init__\.py",
    "download_all_examples": False,
    "remove_config_comments": True,
    "capture_repr": ("_repr_html_", "__repr__"),
    "matplotlib_animations": False,
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "show_memory": False,
    "min_reported_time": 1,
    "write_computation_times": False,
}

# -- HTML ----------------------------------------------------------------------------
html_theme = "alabaster"
html_title = f"govsim {release}"
html_static_path = ["_static"]
html_css_files = ["govsim.css"]
html_theme_options = {
    "description": "Simulate reforms of a country's governance structure",
    "fixed_sidebar": True,
    "page_width": "1180px",
    "sidebar_width": "240px",
    "show_relbars": True,
}
html_sidebars = {"**": ["about.html", "navigation.html", "relations.html", "searchbox.html"]}
html_show_sourcelink = False

myst_heading_anchors = 3
