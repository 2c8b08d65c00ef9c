"""Training data from the database's real records: export, then the text model trains on it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from patentdb.training import export_training_data
from transforms.io import AnyRecord, to_line, write_jsonl
from transforms.records import Patent, Provenance, Trademark
from transforms.taxonomy import load_taxonomy
from transforms.textclass.dataset import DEV_CSV
from transforms.textclass.store import classifier_for, training_rows

REPO = Path(__file__).resolve().parents[2]


def _patent(number: str, title: str | None, ipc: list[str], *, synthetic: bool = False) -> Patent:
    return Patent(
        publication_number=number,
        country="CN",
        titles={"zh": title} if title else {"en": "A device"},
        abstracts={"zh": f"{title}的摘要"} if title else {},
        ipc=ipc,
        provenance=Provenance(
            source="epo-ops",
            fetched_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            pipeline_version="t",
            synthetic=synthetic,
        ),
    )


def _merged(home: Path, run_date: str, records: list[AnyRecord]) -> None:
    write_jsonl(home / "stage" / "merge" / "all" / f"{run_date}.jsonl", (to_line(r) for r in records))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    mark = Trademark(
        registration_number="12345678",
        mark_text="靖船",
        nice_classes=[12],
        provenance=Provenance(
            source="tsdr",
            fetched_at=dt.datetime(2026, 11, 1, tzinfo=dt.UTC),
            pipeline_version="t",
            synthetic=False,
        ),
    )
    _merged(
        tmp_path,
        "2026-11-01",
        [
            _patent("CN219000101U", "一种船用推进器", ["B63H23/32"]),
            _patent("CN219000202U", "旧标题", ["H02K5/04"]),
            _patent("CN300000001U", "一种合成的电机", ["H02K1/00"], synthetic=True),
            _patent("EP2400812A1", None, ["H04W84/20"]),  # no Chinese title
            _patent("CN219000404U", "一种没有分类号的装置", []),
            mark,
        ],
    )
    _merged(tmp_path, "2026-11-02", [_patent("CN219000202U", "一种永磁同步电机", ["H02K5/04", "H02K1/27"])])
    return tmp_path


def test_export_keeps_real_labelled_patents_latest_first(home: Path) -> None:
    out = io.StringIO()
    report = export_training_data(home, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["publication_number"] for r in rows] == ["CN219000101U", "CN219000202U"]
    assert rows[1] == {
        "publication_number": "CN219000202U",
        "title": "一种永磁同步电机",  # from the later run date
        "abstract": "一种永磁同步电机的摘要",
        "ipc": "H02K5/04|H02K1/27",
    }
    assert (report.written, report.synthetic, report.unlabelled, report.run_dates) == (2, 1, 3, 2)
    again = io.StringIO()
    export_training_data(home, again)
    assert again.getvalue() == out.getvalue()  # the same partitions give the same file
    only_first = io.StringIO()
    assert export_training_data(home, only_first, ["2026-11-01"]).written == 2
    assert "旧标题" in only_first.getvalue()


def test_model_trains_on_the_export_too(home: Path, tmp_path: Path) -> None:
    extra = tmp_path / "crawled.csv"
    with extra.open("w", encoding="utf-8", newline="") as fh:
        export_training_data(home, fh)
    rows = training_rows((DEV_CSV, extra))
    assert len(rows) == len(training_rows((DEV_CSV,))) + 2
    taxonomy = load_taxonomy()
    _, shipped = classifier_for(tmp_path / "h", extra=())
    _, grown = classifier_for(tmp_path / "h", extra=(extra,))
    assert grown.model_id != shipped.model_id and len(grown.train) == len(shipped.train) + 2
    assert grown.taxonomy_version == taxonomy.version
    with pytest.raises(ValueError, match="no such file"):
        classifier_for(tmp_path / "h", extra=(tmp_path / "missing.csv",))


def _cli(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "patentdb.cli", *args]
    full_env = {**os.environ, "PATENTDB_HOME": str(home), **env}
    return subprocess.run(cmd, capture_output=True, text=True, env=full_env, cwd=REPO, timeout=120)


def test_cli_writes_the_csv_and_the_setting_feeds_classify(home: Path, tmp_path: Path) -> None:
    out = tmp_path / "crawled.csv"
    proc = _cli(home, "training-data", "--output", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "2 labelled titles" in proc.stderr and "1 synthetic skipped" in proc.stderr
    assert out.read_text(encoding="utf-8").count("\n") == 3
    table = tmp_path / "in.csv"
    table.write_text("publication_number,title\nCN219999001U,一种船用推进器\n", encoding="utf-8")
    classify = ("classify", "--input", str(table), "--output", "-")
    plain = _cli(home, *classify)
    grown = _cli(home, *classify, PATENTDB_TEXTCLASS_DATA=str(out))
    assert plain.returncode == grown.returncode == 0, grown.stderr
    assert "MARINE" in grown.stdout
    ids = [p.stderr.rsplit("; model ", 1)[-1].strip() for p in (plain, grown)]
    assert ids[0].startswith("patentdb-textclass-") and ids[0] != ids[1]  # another model, another id
    missing = _cli(home, *classify, PATENTDB_TEXTCLASS_DATA=str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "no such file" in missing.stderr
