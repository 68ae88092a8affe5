from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest


def write_jsonl(path: Path, records: list[dict | str]) -> Path:
    with path.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write((rec if isinstance(rec, str) else json.dumps(rec, ensure_ascii=False)) + "\n")
    return path


@pytest.fixture(scope="session")
def spark():
    """One local[2] Spark session for the whole run (UI off, few shuffle partitions)."""
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from redline.batch.spark import spark_session

    session = spark_session(
        "local[2]",
        conf={
            "spark.ui.enabled": "false",
            "spark.sql.shuffle.partitions": "2",
            "spark.default.parallelism": "2",
            "spark.driver.memory": "1g",
            "spark.ui.showConsoleProgress": "false",
        },
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
