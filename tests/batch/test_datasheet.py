"""The datasheet of a batch output."""

from __future__ import annotations

from redline.batch import run_local
from redline.batch.datasheet import datasheet, to_markdown
from redline.batch.synth import generate
from tests.batch.conftest import write_jsonl


def test_datasheet_counts_sources_time_span_and_classes(tmp_path):
    records = list(generate(15))
    records.append({"article": "x", "version": 1, "text": None})
    write_jsonl(tmp_path / "c.jsonl", records)
    result = run_local([tmp_path / "c.jsonl"], tmp_path / "out", workers=1, progress=False)
    sheet = datasheet(tmp_path / "out")
    c = sheet["counts"]
    assert c["articles"] == 15 and c["versions"] == len(records) - 1 == result.versions
    assert c["pairs"] == result.pairs and c["errors"] == 1
    assert sheet["errors_by_reason"] == {"missing text": 1}
    assert sum(s["versions"] for s in sheet["sources"].values()) == c["versions"]
    times = sorted(r["time"] for r in records if r.get("time"))
    assert sheet["time_span"]["first"] == times[0] and sheet["time_span"]["last"] == times[-1]
    assert sheet["alignment_ops"]["added"] > 0
    classes = sheet["edit_classes"]
    assert classes is None or sum(classes.values()) == c["edits"]
    md = to_markdown(sheet)
    assert f"| pairs | {c['pairs']:,} |" in md and "## Sources" in md
