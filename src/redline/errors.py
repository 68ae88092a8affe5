"""Redline's exceptions, all in one tree.

* RedlineError
  + InputError                 bad input given to the core or the CLI
    - BinaryInputError         the input is not text
    - InputTooLargeError       the input is larger than the documented limit
  + StoreError                 the version store could not do what was asked
    - NotFoundError            no such article, version or story
  + FetchError                 a page or feed could not be fetched
  + ExtractionError            no article text could be extracted from a page

Every error carries a message fit for a person; CLI commands print it and exit
with status 2.
"""

from __future__ import annotations

__all__ = [
    "BinaryInputError",
    "ExtractionError",
    "FetchError",
    "InputError",
    "InputTooLargeError",
    "NotFoundError",
    "RedlineError",
    "StoreError",
]


class RedlineError(Exception):
    """Base class of every error Redline raises on purpose."""

    status = 500


class InputError(RedlineError):
    status = 400


class BinaryInputError(InputError):
    pass


class InputTooLargeError(InputError):
    status = 413


class StoreError(RedlineError):
    pass


class NotFoundError(StoreError):
    status = 404


class FetchError(RedlineError):
    status = 502


class ExtractionError(RedlineError):
    status = 422
