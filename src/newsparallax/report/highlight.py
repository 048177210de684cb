"""Article text as HTML with character ranges wrapped in elements, overlaps and all.

Offsets index the Python string, so the text is cut at exactly those indices and every cut piece
is escaped on its own: article text is hostile input and nothing in it is ever trusted as markup.
Ranges may overlap arbitrarily (a partial quote inside an indirect one, a disputed fact that
straddles a quote's end). Ranges that nest are nested; a range that crosses another is closed
and reopened around the crossing, and only its first piece carries its `id` (later pieces get
class `cont`), so ids stay unique and scripts find every piece by its data attributes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# C0 controls (bar tab, newline, carriage return) and DEL shown as their Unicode "control
# pictures" (␛ for ESC): one character for one, so offsets still line up, and nothing invisible.
CONTROL_PICTURES = {c: 0x2400 + c for c in range(32) if chr(c) not in "\t\n\r"} | {127: 0x2421}


def visible(text: str) -> str:
    return text.translate(CONTROL_PICTURES)


@dataclass(frozen=True)
class Layer:
    """One range to wrap. Lower `rank` sits outside higher rank when two ranges start together."""

    start: int
    end: int
    tag: str
    rank: int = 0
    classes: tuple[str, ...] = ()
    id: str | None = None
    attrs: tuple[tuple[str, str], ...] = field(default=())


def _open(layer: Layer, first: bool) -> str:
    classes = " ".join(layer.classes + (() if first else ("cont",)))
    parts = [layer.tag]
    if classes:
        parts.append(f'class="{escape(classes)}"')
    if first and layer.id:
        parts.append(f'id="{escape(layer.id)}"')
    parts += [f'{escape(name)}="{escape(value)}"' for name, value in layer.attrs]
    return f"<{' '.join(parts)}>"


def _outer_first(layer: Layer) -> tuple[int, int]:
    return (-layer.end, layer.rank)


def highlight(text: str, layers: Iterable[Layer]) -> Markup:
    """`text` escaped, with each layer's range wrapped in its element. Layers whose range is
    empty or falls outside the text are skipped rather than trusted."""
    valid = [x for x in layers if 0 <= x.start < x.end <= len(text)]
    starts: dict[int, list[Layer]] = {}
    for layer in valid:
        starts.setdefault(layer.start, []).append(layer)
    points = sorted({0, len(text)} | {x.start for x in valid} | {x.end for x in valid})
    out: list[str] = []
    stack: list[Layer] = []
    pos = 0
    for point in points:
        out.append(str(escape(visible(text[pos:point]))))
        pos = point
        ending = [i for i, layer in enumerate(stack) if layer.end == point]
        if ending:
            depth = ending[0]
            reopen = sorted((x for x in stack[depth:] if x.end != point), key=_outer_first)
            out.extend(f"</{x.tag}>" for x in reversed(stack[depth:]))
            del stack[depth:]
            for layer in reopen:
                out.append(_open(layer, first=False))
                stack.append(layer)
        for layer in sorted(starts.get(point, ()), key=_outer_first):
            out.append(_open(layer, first=True))
            stack.append(layer)
    return Markup("".join(out))
