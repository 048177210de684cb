"""newsparallax: compare news reports of one event, quote by quote.

The Python API (docs/python.md): `compare` a few articles (files, URLs or `Article`s) into a
`Comparison`, `read_article` / `read_text` one article, and `open_store` a store that `compare`,
`ingest` and `run` wrote. The names load on first use (`newsparallax.api`), so importing the
package, as the command line does, costs nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from newsparallax.version import __version__

if TYPE_CHECKING:
    from newsparallax.api import (
        Article,
        Comparison,
        InputError,
        Store,
        StoreError,
        compare,
        open_store,
        read_article,
        read_text,
        warnings,
    )

__all__ = [
    "Article",
    "Comparison",
    "InputError",
    "Store",
    "StoreError",
    "__version__",
    "compare",
    "open_store",
    "read_article",
    "read_text",
    "warnings",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from newsparallax import api

        return getattr(api, name)
    raise AttributeError(f"module 'newsparallax' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
