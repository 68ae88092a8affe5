"""Ingestion: text, HTML, JSON Lines and WARC files into the store, with story grouping."""

from __future__ import annotations

from redline.ingest.records import Problem
from redline.ingest.run import ORDERS, IngestOptions, IngestReport, StoryReport, ingest

__all__ = ["ORDERS", "IngestOptions", "IngestReport", "Problem", "StoryReport", "ingest"]
