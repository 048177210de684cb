"""newsparallax: compare news reports of one event, quote by quote."""

__version__ = "0.1.0"
