"""Renderers: one `Comparison`, four ways to read it.

`text` for a terminal, `markdown` for notes and issues, `html` for the side-by-side reading view,
`json` for other programs (the `newsparallax/1` interchange format). Each renderer lives in its
own module and is imported only when asked for, so `--format json` never loads Jinja.
"""

from __future__ import annotations

from importlib import import_module
from typing import Literal

from newsparallax.model import Comparison

Format = Literal["text", "json", "markdown", "html"]
FORMATS: tuple[str, ...] = ("text", "json", "markdown", "html")

_RENDERERS = {
    "text": ("newsparallax.report.text_format", "render_text"),
    "json": ("newsparallax.report.json_format", "render_json"),
    "markdown": ("newsparallax.report.markdown_format", "render_markdown"),
    "html": ("newsparallax.report.html_format", "render_html"),
}


def render(comparison: Comparison, fmt: str) -> str:
    """The comparison in format `fmt` (one of FORMATS); text is uncoloured (see render_text)."""
    try:
        module, name = _RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return getattr(import_module(module), name)(comparison)


__all__ = ["FORMATS", "Format", "render"]
