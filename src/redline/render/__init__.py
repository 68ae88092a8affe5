"""Renderers: a comparison as terminal text, JSON or a standalone HTML page."""
