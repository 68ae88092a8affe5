"""Sentence alignment between two versions and word diffs inside edited sentences."""

#: version of the alignment rules; bump it when the links of some pair change,
#: so that caches of explained changes are recomputed
ALIGN_VERSION = "2026.12.06"

__all__ = ["ALIGN_VERSION"]
