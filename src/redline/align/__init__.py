"""Sentence alignment between two versions and word diffs inside edited sentences."""
