"""The public API of ``redline`` is what ``redline.__all__`` lists: pin it."""

from __future__ import annotations

import importlib

import pytest

import redline

PUBLIC = [
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


def test_all_is_pinned() -> None:
    assert sorted(redline.__all__) == PUBLIC
    assert len(set(redline.__all__)) == len(redline.__all__)


@pytest.mark.parametrize("name", PUBLIC)
def test_each_name_is_importable(name: str) -> None:
    module = importlib.import_module("redline")
    value = getattr(module, name)  # what `from redline import <name>` does
    if name == "__version__":
        assert isinstance(value, str) and value
    else:
        assert value.__module__.startswith("redline.")


def test_package_is_marked_typed() -> None:
    from importlib.resources import files

    assert files("redline").joinpath("py.typed").is_file()
