"""What every engine shares around the alignment: the output folder and the manifest."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from redline import __version__
from redline.batch import labels
from redline.batch.schema import TABLES
from redline.errors import InputError

__all__ = ["BatchResult", "prepare_output", "write_manifest"]

MANIFEST = "manifest.json"


@dataclass(slots=True)
class BatchResult:
    """Counts and timing of a batch run (also written to ``manifest.json``)."""

    out: str
    engine: str
    inputs: list[str]
    versions: int = 0
    pairs: int = 0
    errors: int = 0
    seconds: float = 0.0
    workers: int | None = None
    master: str | None = None
    labels: bool = field(default=labels.AVAILABLE)
    redline_version: str = __version__

    @property
    def pairs_per_second(self) -> float:
        return self.pairs / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["pairs_per_second"] = round(self.pairs_per_second, 1)
        d["seconds"] = round(self.seconds, 3)
        d["tables"] = list(TABLES)
        return d


def prepare_output(out: Path, *, overwrite: bool) -> None:
    """Make *out* ready for a run: refuse to mix runs unless asked to replace one."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder")
    if out.exists() and any(out.iterdir()):
        ours = [out / name for name in (*TABLES, MANIFEST, "_work")]
        if not overwrite:
            raise InputError(
                f"{out}: folder is not empty (use --overwrite to replace a previous batch output)"
            )
        foreign = [p.name for p in out.iterdir() if p not in ours]
        if foreign:
            raise InputError(
                f"{out}: holds files that are not batch output "
                f"({', '.join(sorted(foreign)[:5])}); refusing to overwrite"
            )
        for p in ours:
            if p.is_dir():
                shutil.rmtree(p)
            elif p.exists():
                p.unlink()
    out.mkdir(parents=True, exist_ok=True)


def write_manifest(result: BatchResult) -> Path:
    path = Path(result.out) / MANIFEST
    path.write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
    return path
