"""Renderers: a comparison as terminal text, JSON or a standalone HTML page; a change
as a PNG share card (``cards``)."""
