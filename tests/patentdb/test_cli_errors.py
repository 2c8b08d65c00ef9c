"""CLI (subprocess): a bad argument or an impossible request is one line on stderr, never a traceback."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from patentdb.cli import format_hit
from tests.patentdb.cli_run import run_cli


def _run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, env={"PATENTDB_EMBEDDING_MODEL": "none"}, timeout=120)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["refresh", "--run-date", "2026-02-30"], 2, "not a date (YYYY-MM-DD): '2026-02-30'"),
        (["search", "x", "--size", "2000"], 2, "2000 is out of range (1..1000)"),
        (["search", "x", "--size", "-1"], 2, "-1 is out of range (1..1000)"),
        (["demo-data", "--n", "-5"], 2, "-5 is out of range (>= 0)"),
        (["serve", "--port", "http"], 2, "not a whole number: 'http'"),
        (["crawl", "epo-ops", "--since", "2024-05-01", "--until", "2024-01-01"], 2, "is after --until"),
        (["refresh", "--sources", "bogus"], 1, "unknown source 'bogus'"),
        (["search", "x", "--industry", "BOGUS"], 2, "unknown industry BOGUS; one of MARINE, AUTO"),
        (["analyze", "--run-date", "2026-01-01", "--output", "{home}/r.csv"], 2, "name it *.xlsx"),
        (["analyze", "--run-date", "2026-01-01", "--output", "{home}/r.xlsx"], 2, "no classified patents"),
    ],
)
def test_user_errors_are_one_line(tmp_path: Path, args: list[str], code: int | None, message: str) -> None:
    proc = _run(tmp_path, *(a.format(home=tmp_path) for a in args))
    assert proc.returncode != 0 if code is None else proc.returncode == code, proc.stderr
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_review_queue_to_an_unwritable_csv(tmp_path: Path) -> None:
    from transforms.io import stage_partition

    partition = stage_partition(tmp_path, "classify", "demo", "2026-01-01")
    partition.parent.mkdir(parents=True)
    partition.write_text("", encoding="utf-8")
    proc = _run(tmp_path, "review-queue", "--run-date", "2026-01-01", "--csv", str(tmp_path / "no" / "x.csv"))
    assert proc.returncode == 1 and "No such file or directory" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_trademark_hit_prints_its_id() -> None:
    hit = {
        "id": "TM-CN-12345678",
        "publication_number": None,
        "title": "靖江牌",
        "applicants": [],
        "industries": ["AUTO"],
        "score": 1.5,
        "synthetic": True,
    }
    assert format_hit(hit) == "  1.500  TM-CN-12345678   靖江牌  (AUTO) [synthetic]"
    patent = hit | {"publication_number": "CN218751475U", "applicants": ["甲公司", "乙公司"]}
    assert format_hit(patent).splitlines()[1] == "         甲公司; 乙公司"


def test_an_embedding_model_of_another_size_is_refused_up_front(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from patentdb.embedding import open_embedder
    from patentdb.errors import UserError
    from patentdb.settings import Settings
    from transforms.embeddings import Embedder

    monkeypatch.setattr(Embedder, "dims", property(lambda self: 384))
    settings = Settings(home=tmp_path, embedding_model=str(tmp_path / "some-384d-model"))
    with pytest.raises(UserError, match="gives 384-d vectors; the index stores 256-d"):
        open_embedder(settings)
