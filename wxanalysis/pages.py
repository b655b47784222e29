"""Executed notebooks as standalone HTML pages, for readers without Python.

nbconvert's ``lab`` template with images embedded (outputs' PNGs are already inline; Markdown images become
``data:`` URIs) and without its scripts fetched from the network (require.js, MathJax, mermaid): a page opens
offline, in any browser, from the file alone.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import nbformat

#: nbconvert's messages (such as "Alternative text is missing" on chart images) are dropped below errors.
_LOG = logging.getLogger("wxanalysis.pages")
_LOG.setLevel(logging.ERROR)
_TEMPLATE_NAME = "wxanalysis_page.html.j2"
_TEMPLATE = """\
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


def page(nb: nbformat.NotebookNode, title: str) -> bytes:
    """``nb`` as one self-contained HTML page (UTF-8) titled ``title``."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="lab", embed_images=True, log=_LOG,
                            extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})])
    exporter.template_file = _TEMPLATE_NAME
    html, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return html.encode("utf-8")
