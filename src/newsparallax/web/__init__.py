"""The web app (`newsparallax serve`): one story's coverage, side by side, in a browser.

Needs the `web` extra (FastAPI, uvicorn). `create_app` (`web.app`) builds the ASGI app over a
store from one router per resource (`web.routes`); the data behind each page comes from the
store (`store/`) and `web.views`, so the pages, the JSON API and the CSV export all say the
same thing.
"""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any) -> Any:
    """See `newsparallax.web.app.create_app` (imported lazily: FastAPI is an optional extra)."""
    from newsparallax.web.app import create_app as _create

    return _create(*args, **kwargs)


__all__ = ["create_app"]
