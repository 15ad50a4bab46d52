"""Sphinx configuration for the danvan documentation.

Build with ``make docs`` (``sphinx-build -W --keep-going -b html docs docs/_build/html``).
The build needs no network.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx

# Prefer the installed package (`make` installs it editable); fall back to the source tree
# so that a bare checkout with Sphinx available can still build the docs.
if importlib.util.find_spec("danvan") is None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

import danvan._version

# -- Project ------------------------------------------------------------------------------

project = "danvan"
author = "danvan developers"
copyright = "danvan developers"
# The version lives in danvan/_version.py (hatch reads it there); importing it works
# whether or not the package's metadata is installed.
release = danvan._version.__version__
version = ".".join(release.split(".")[:2])
language = "en"

# -- General ------------------------------------------------------------------------------

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.doctest",
    "myst_parser",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "conftest.py"]
nitpicky = False
# Single backticks in docstrings (`Quantity`) become cross-references where a target exists.
default_role = "py:obj"

# -- MyST ---------------------------------------------------------------------------------

myst_enable_extensions = ["colon_fence"]
# Anchors for "page.md#section" links across pages.
myst_heading_anchors = 3

# -- autodoc and napoleon -----------------------------------------------------------------

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False

# -- intersphinx --------------------------------------------------------------------------

# Links into the Python docs need their inventory, and fetching it needs the network,
# which an offline build (CI here) does not have: a failed fetch is a warning, so -W
# would fail. Opt in with DANVAN_DOCS_INTERSPHINX=1 (fetch from docs.python.org) or
# DANVAN_DOCS_INTERSPHINX=/path/to/objects.inv (a local copy).
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
_inventory = os.environ.get("DANVAN_DOCS_INTERSPHINX", "")
if _inventory:
    intersphinx_mapping["python"] = (
        "https://docs.python.org/3",
        None if _inventory == "1" else _inventory,
    )

# -- HTML ---------------------------------------------------------------------------------

html_theme = "furo"
html_title = f"danvan {release}"


# -- Docstrings ---------------------------------------------------------------------------

_PROSE_ATTRIBUTE_DOCS: dict[str, list[str]] = {}


def _keep_attribute_doc(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Remember an attribute's docstring before napoleon reads it."""
    if what in ("attribute", "data"):
        _PROSE_ATTRIBUTE_DOCS[name] = list(lines)


def _restore_attribute_doc(
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give an attribute its docstring back as written, undoing napoleon.

    Napoleon reads the first line of an attribute docstring as "type: description", so the
    enum member ``Dimension.ITEMS`` ("Countable things: pieces, guns, ...") would render
    with the type "Countable things". danvan writes attribute docstrings as plain prose.
    """
    if what in ("attribute", "data") and name in _PROSE_ATTRIBUTE_DOCS:
        lines[:] = _PROSE_ATTRIBUTE_DOCS.pop(name)


# -- Examples -----------------------------------------------------------------------------


def _trim_example_blocks(app: Sphinx, doctree: nodes.document) -> None:
    """Drop the trailing blank line of ``pycon`` blocks from the rendered page.

    pytest runs the pages' examples with ``--doctest-glob=*.md``; doctest ends an
    example's expected output at a blank line, so each block needs one before its closing
    fence, or the fence would be read as expected output. Readers need not see it.
    """
    for block in doctree.findall(nodes.literal_block):
        if block.get("language") == "pycon" and block.rawsource.endswith("\n"):
            text = block.rawsource.rstrip("\n")
            block.rawsource = text
            block[:] = [nodes.Text(text)]


def setup(app: Sphinx) -> None:
    """Register the hooks above; napoleon handles docstrings at the default priority, 500."""
    app.connect("autodoc-process-docstring", _keep_attribute_doc, priority=100)
    app.connect("autodoc-process-docstring", _restore_attribute_doc, priority=900)
    app.connect("doctree-read", _trim_example_blocks)
