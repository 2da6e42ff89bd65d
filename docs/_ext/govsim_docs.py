"""Sphinx extension of the govsim documentation: pages generated from the code.

- ``builder-inited``: writes one reference page per public module under ``api/``
  (``api/govsim.model.rst``, ...) from the module's ``__all__``. Each public object is
  documented once, on the page of the first module that exports it (a class
  re-exported by ``govsim`` links to its page under ``govsim.model``), so the
  reference follows the code without a hand-kept list.
- ``.. govsim-metric-table::``: a table of every registered metric (name,
  definition, range, direction, source) read from :mod:`govsim.metrics.registry`
  at build time; ``:family:`` limits it to one family.
- ``.. govsim-reform-table::``: every registered reform with its class and the
  first line of its docstring.
"""

from __future__ import annotations

import importlib
import inspect
import math
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

#: Modules with a reference page, in the order that decides where an object
#: re-exported by several of them is documented (the top-level package last).
MODULES: tuple[str, ...] = (
    "govsim.model",
    "govsim.reforms",
    "govsim.metrics",
    "govsim.electoral",
    "govsim.power",
    "govsim.tenure",
    "govsim.ensemble",
    "govsim.uncertainty",
    "govsim.sensitivity",
    "govsim.scenario",
    "govsim.io",
    "govsim.columnar",
    "govsim.report",
    "govsim.figures",
    "govsim.model.frames",
    "govsim.model.graph",
    "govsim.scenarios",
    "govsim.testing",
    "govsim",
)

SECTIONS = (
    ("module", "Modules"),
    ("class", "Classes"),
    ("exception", "Exceptions"),
    ("function", "Functions"),
    ("data", "Data"),
)


def _kind(obj: Any) -> str:
    if inspect.ismodule(obj):
        return "module"
    if inspect.isclass(obj):
        if issubclass(obj, BaseException):
            return "exception"
        if obj.__module__.startswith("govsim"):
            return "class"
        return "data"
    if inspect.isfunction(obj) or inspect.isbuiltin(obj):
        return "function"
    return "data"


def _exports(modname: str) -> list[tuple[str, Any, str]]:
    module = importlib.import_module(modname)
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in vars(module) if not n.startswith("_")]
    out = []
    for name in names:
        obj = getattr(module, name)
        out.append((name, obj, _kind(obj)))
    return out


def _resolve(target: str) -> Any:
    modname, _, name = target.rpartition(".")
    return getattr(importlib.import_module(modname), name)


def _summary(obj: Any) -> str:
    """The first sentence of a docstring, as autosummary shows it."""
    doc = inspect.getdoc(obj) or ""
    para = " ".join(doc.split("\n\n", 1)[0].split())
    return para or "\\"  # an empty cell would end the table


def _underline(text: str, char: str) -> str:
    return f"{text}\n{char * len(text)}\n"


#: A re-exported name -> where it is documented, e.g. "govsim.Polity" -> "govsim.model.Polity".
ALIASES: dict[str, str] = {}


def resolve_alias(app: Sphinx, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a reference to a re-exported name (``govsim.Polity``, or ``Polity``
    inside ``govsim``) to the page where the object is documented."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    modname = node.get("py:module")
    for name in (target, f"{modname}.{target}" if modname else None):
        if name in ALIASES:
            return env.domains["py"].resolve_xref(
                env, node["refdoc"], app.builder, node["reftype"], ALIASES[name], node, contnode
            )
    return None


def write_api_pages(app: Sphinx, config: Any = None) -> None:
    """Write ``api/<module>.rst`` for every module of :data:`MODULES` and the
    submodules they export; objects get stub pages through autosummary."""
    outdir = Path(app.srcdir) / "api"
    outdir.mkdir(exist_ok=True)
    home: dict[int, str] = {}  # id(class or function) -> module page that documents it
    pages: list[str] = []
    queue = list(MODULES)
    exports: dict[str, list[tuple[str, Any, str]]] = {}
    while queue:
        modname = queue.pop(0)
        if modname in exports:
            continue
        exports[modname] = _exports(modname)
        pages.append(modname)
        for name, obj, kind in exports[modname]:
            if kind in ("class", "exception", "function"):
                home.setdefault(id(obj), f"{modname}.{name}")
            elif kind == "module" and obj.__name__.startswith(modname + "."):
                # a submodule exported by its package: documented on a page of its own
                queue.insert(0, obj.__name__)
    ALIASES.clear()
    for modname in pages:
        for name, obj, kind in exports[modname]:
            if kind in ("class", "exception", "function") and home[id(obj)] != f"{modname}.{name}":
                ALIASES[f"{modname}.{name}"] = home[id(obj)]
    for modname in pages:
        lines = [_underline(modname, "="), f".. automodule:: {modname}\n"]
        lines.append(f".. currentmodule:: {modname}\n")
        groups: dict[str, list[tuple[str, Any, str]]] = {}
        for entry in exports[modname]:
            groups.setdefault(entry[2], []).append(entry)
        for kind, title in SECTIONS:
            entries = groups.get(kind, [])
            if not entries:
                continue
            lines.append(_underline(title, "-"))
            if kind == "module":
                subpages = []
                for _name, obj, _ in entries:
                    target = obj.__name__
                    if target.startswith(modname + ".") and target not in MODULES:
                        subpages.append(target)  # its page hangs below this one
                    lines.append(f"- :mod:`{target}`")
                lines.append("")
                if subpages:
                    lines += [".. toctree::", "   :hidden:", ""]
                    lines += [f"   {target}" for target in subpages]
                    lines.append("")
                continue
            local = [n for n, o, _ in entries if kind == "data" or home[id(o)] == f"{modname}.{n}"]
            elsewhere = [
                home[id(o)]
                for n, o, _ in entries
                if kind != "data" and home[id(o)] != f"{modname}.{n}"
            ]
            if local:
                lines += [".. autosummary::", "   :toctree: generated/", "   :nosignatures:", ""]
                lines += [f"   {n}" for n in local]
                lines.append("")
            if elsewhere:
                if local:
                    lines.append("Also exported here, documented where they are defined:\n")
                lines += [".. list-table::", "   :widths: 30 70", "   :class: autosummary", ""]
                for target in elsewhere:
                    obj = _resolve(target)
                    lines += [f"   * - :obj:`~{target}`", f"     - {_summary(obj)}"]
                lines.append("")
        text = "\n".join(lines) + "\n"
        path = outdir / f"{modname}.rst"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")  # unchanged pages keep their mtime


def title_gallery_pages(app: Sphinx, docname: str, source: list[str]) -> None:
    """Give each page of the ``examples/`` gallery a title: the docstring's first paragraph.

    sphinx-gallery expects an example's docstring to open with a reST heading; the
    scripts in ``examples/`` open with a one-sentence summary instead (they are also
    plain scripts). Without a heading the page has no title, so the first paragraph
    after the example's label becomes the heading here, in the generated page only.
    """
    if not docname.startswith("auto_examples/") or docname.endswith("/index"):
        return
    lines = source[0].split("\n")
    i = next(
        (
            k
            for k, line in enumerate(lines)
            if line.startswith(".. _sphx_glr_") and line.endswith(".py:")
        ),
        None,
    )
    if i is None:
        return
    start = i + 1
    while start < len(lines) and not lines[start].strip():
        start += 1
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1
    if end - start >= 2 and set(lines[start + 1].strip()) <= set("=-~^*#+"):
        return  # already a heading
    title = " ".join(line.strip() for line in lines[start:end])
    lines[start:end] = [title, "=" * len(title)]
    source[0] = "\n".join(lines)


def _range(lo: float, hi: float) -> str:
    def fmt(x: float) -> str:
        if math.isinf(x):
            return "∞" if x > 0 else "−∞"
        return f"{x:g}"

    return f"[{fmt(lo)}, {fmt(hi)}]"


def _cell(text: str) -> list[str]:
    return [line if line else "" for line in text.replace("\r", "").split("\n")]


class MetricTable(SphinxDirective):
    """The table of registered metrics, from the registry itself."""

    option_spec: ClassVar[dict[str, Any]] = {
        "family": directives.unchanged,
        "per-node": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        evaluate = importlib.import_module("govsim.metrics.evaluate")
        evaluate.load_metric_modules()
        from govsim.metrics import iter_metrics

        family = self.options.get("family")
        infos = list(iter_metrics(family=family))
        if not infos:
            raise self.error(f"no registered metric in family {family!r}")
        rows = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 26 36 8 8 22",
            "   :class: metric-table",
            "",
            "   * - Metric",
            "     - Definition",
            "     - Range",
            "     - Direction",
            "     - Source",
        ]
        for info in infos:
            kind = " (per node)" if info.per_node else ""
            rows += [
                f"   * - ``{info.name}``{kind}",
                f"     - {_escape(info.definition)}",
                f"     - {_range(*info.range)}",
                f"     - {info.direction}",
                f"     - {_escape(info.reference)}",
            ]
        return self._parse(rows)

    def _parse(self, rows: list[str]) -> list[nodes.Node]:
        container = nodes.container()
        self.state.nested_parse(StringList(rows, source="<govsim metric registry>"), 0, container)
        return container.children


def _escape(text: str) -> str:
    # registry strings are plain text: keep reST from reading * ` | _ as markup
    out = " ".join(text.split())
    for ch in ("\\", "*", "`", "|", "_"):
        out = out.replace(ch, "\\" + ch)
    return out


class ReformTable(MetricTable):
    """The table of registered reforms: name, class, first docstring line."""

    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        from govsim.reforms import REGISTRY

        rows = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 22 28 50",
            "",
            "   * - ``op``",
            "     - Class",
            "     - What it does",
        ]
        for name in sorted(REGISTRY):
            cls = REGISTRY[name]
            doc = inspect.getdoc(cls) or ""
            first = doc.split("\n\n", 1)[0]
            rows += [
                f"   * - ``{name}``",
                f"     - :class:`~govsim.reforms.{cls.__name__}`",
                f"     - {_escape(first)}",
            ]
        return self._parse(rows)


def _cache_numpydoc_template() -> None:
    """Let numpydoc compile its docstring template once per builder, not once per docstring.

    ``numpydoc.docscrape_sphinx.get_doc_object`` builds a jinja environment and
    compiles ``numpydoc_docstring.rst`` on every call (numpydoc 1.11): about a third
    of a build's time here. This wrapper does the same with the compiled template
    cached. If numpydoc's internals differ, numpydoc is left as it is.
    """
    import os

    import numpydoc.numpydoc as nd
    from numpydoc import docscrape_sphinx as ds

    parts = ("get_doc_object_orig", "SphinxClassDoc", "SphinxFunctionDoc", "SphinxObjDoc")
    if not all(hasattr(ds, name) for name in parts) or not hasattr(nd, "get_doc_object"):
        return
    from jinja2 import FileSystemLoader
    from jinja2.sandbox import SandboxedEnvironment
    from sphinx.jinja2glue import BuiltinTemplateLoader

    templates: dict[int, Any] = {}

    def get_doc_object(obj, what=None, doc=None, config=None, builder=None):  # type: ignore[no-untyped-def]
        config = {} if config is None else config
        key = id(builder)
        if key not in templates:
            dirs = [os.path.join(os.path.dirname(ds.__file__), "templates")]
            if builder is not None:
                loader: Any = BuiltinTemplateLoader()
                loader.init(builder, dirs=dirs)
            else:
                loader = FileSystemLoader(dirs)
            env = SandboxedEnvironment(loader=loader)
            templates[key] = env.get_template("numpydoc_docstring.rst")
        config["template"] = templates[key]
        return ds.get_doc_object_orig(
            obj,
            what=what,
            doc=doc,
            config=config,
            class_doc=ds.SphinxClassDoc,
            func_doc=ds.SphinxFunctionDoc,
            obj_doc=ds.SphinxObjDoc,
        )

    nd.get_doc_object = get_doc_object


def setup(app: Sphinx) -> dict[str, Any]:
    _cache_numpydoc_template()
    # at config-inited: the pages exist before Sphinx lists the source files
    app.connect("config-inited", write_api_pages)
    app.connect("source-read", title_gallery_pages)
    app.connect("missing-reference", resolve_alias)
    app.add_directive("govsim-metric-table", MetricTable)
    app.add_directive("govsim-reform-table", ReformTable)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
