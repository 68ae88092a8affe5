"""A scripted test newsroom: RSS, a news sitemap and article pages that change on cue."""

from redline.newsroom.script import (
    EPOCH,
    STEP,
    StaticScript,
    SyntheticScript,
    Version,
    editorial_script,
    step_time,
)
from redline.newsroom.server import FAULT_KINDS, Fault, Newsroom

__all__ = [
    "EPOCH",
    "FAULT_KINDS",
    "STEP",
    "Fault",
    "Newsroom",
    "StaticScript",
    "SyntheticScript",
    "Version",
    "editorial_script",
    "step_time",
]
