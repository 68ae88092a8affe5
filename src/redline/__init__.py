"""Redline: record every version of online news articles and show how each story changed.

The small public API::

    >>> import redline
    >>> old, new = "The toll rose to 12. Rescuers dug.", "The toll rose to 15. Rescuers dug."
    >>> c = redline.compare(old, new)
    >>> c.summary()
    '1 sentence edited'
    >>> [link["op"] for link in c.to_dict()["alignment"]]
    ['edited', 'unchanged']
"""

from __future__ import annotations

import logging

from redline.align.match import AlignOptions
from redline.align.model import Link, WordOp
from redline.comparison import Comparison, compare
from redline.errors import (
    BinaryInputError,
    InputError,
    InputTooLargeError,
    RedlineError,
)
from redline.text.document import Document, Sentence
from redline.text.normalize import normalize
from redline.text.segment import segment

__all__ = [
    "AlignOptions",
    "BinaryInputError",
    "Comparison",
    "Document",
    "InputError",
    "InputTooLargeError",
    "Link",
    "RedlineError",
    "Sentence",
    "WordOp",
    "__version__",
    "compare",
    "normalize",
    "segment",
]

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
