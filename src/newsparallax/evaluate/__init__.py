"""Measuring newsparallax against annotated corpora (PolNeAR for quotes and speakers).

`polnear` reads the gold annotations, `quote_metrics` matches and counts, `run_quotes` runs our
pipeline and the textacy baseline on a split and renders the figures; `newsparallax eval quotes`
is the command line over `run_quotes.eval_quotes_command`.
"""

from .polnear import GoldAttribution, GoldDoc, Problem, read_polnear
from .quote_metrics import Counts, Pred, evaluate_article, predictions_from_quotes
from .run_quotes import eval_quotes_command, run_quote_eval

__all__ = [
    "Counts",
    "GoldAttribution",
    "GoldDoc",
    "Pred",
    "Problem",
    "eval_quotes_command",
    "evaluate_article",
    "predictions_from_quotes",
    "read_polnear",
    "run_quote_eval",
]
