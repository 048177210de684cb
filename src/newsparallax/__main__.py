"""`python -m newsparallax` is the `newsparallax` command, for environments without its script."""

from newsparallax.cli import app

app(prog_name="newsparallax")
