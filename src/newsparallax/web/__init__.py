"""The web app (`newsparallax serve`): one story's coverage, side by side, in a browser.

Needs the `web` extra (FastAPI, uvicorn). `create_app` builds the ASGI app over a store; the
data behind each page is in `web.queries`, so the pages, the JSON API and the CSV export all
say the same thing.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """See `newsparallax.web.app.create_app` (imported lazily: FastAPI is an optional extra)."""
    from newsparallax.web.app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
