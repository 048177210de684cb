"""`python -m newsparallax` is the `newsparallax` command, for environments without its script."""

from newsparallax.cli import console_main

console_main()
