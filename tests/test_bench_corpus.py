"""The benchmark's corpus (wachock/corpus.py) builds on the current code: `make bench` measures this
project, not a pile of refusals. A small corpus from the same generator, with its git history."""

import os

from bs4 import BeautifulSoup

from tests.sitebuild import build_site
from wachock.corpus import SUBTYPES, bip_category_folders, subtype_of, write_corpus


def test_every_bip_subtype_folder_gets_documents_of_its_type():
    folders = {kind.name: [f for f in bip_category_folders() if subtype_of(f) is kind] for kind in SUBTYPES}
    assert all(folders.values()), folders  # sessions, notices and service cards all have a folder


def test_published_notices_are_never_edited_by_the_corpus_nor_the_bench():
    from wachock.corpus import editable

    assert not editable("bip/ogloszenia-i-obwieszczenia/obwieszczenia/2025/dokument-00023.md")
    assert editable("bip/ogloszenia-i-obwieszczenia/2025/dokument-00024.md")
    assert editable("bip/rada-miejska/sesje/2025/dokument-00025.md")


def test_a_small_corpus_with_history_builds_without_a_problem(tmp_path):
    root = tmp_path / "corpus"
    count = write_corpus(str(root), documents=400, seed=7)  # 200 BIP documents: 20 edited, notices among them
    output = tmp_path / "output"
    build_site(str(root / "content"), str(output))  # raises BuildFailed, with the problems, on any
    pages = list(output.rglob("index.html"))
    assert len(pages) > count, "every document has its page"
    session_pages = sorted((output / "bip/rada-miejska/sesje").glob("*/*/index.html"))  # year/slug/
    assert session_pages, "council sessions are built as sessions"
    a_session = BeautifulSoup(session_pages[-1].read_text(encoding="utf-8"), "html.parser")
    facts = {" ".join(dt.get_text().split()): " ".join(dt.find_next("dd").get_text().split()) for dt in a_session("dt")}
    assert facts["Sesja"] == "odbyta" and "godz." in facts["Termin"], facts
    assert (output / "solectwo-parszow/index.html").is_file(), "the village pages solectwa.yaml names"
    assert os.path.isdir(output / "bip/jak-zalatwic-sprawe")


def test_the_report_gives_the_preview_targets_and_says_when_the_preview_was_measured():
    from wachock.bench import report

    ours = {"name": "ours", "cold": 300.0, "cold_runs": [300.0], "unchanged": 2.0, "news_edit": 100.0,
            "bip_commit": 110.0, "addition": 90.0, "memory": 1600, "pages": 100}  # fmt: skip
    corpus = {"documents": 10_040, "news": 5_000, "bip": 5_000, "issues": 40}
    made = {"date": "2026-12-07", "commit": "d61a867"}
    later = {"date": "2026-12-08", "commit": "abc1234"}
    text = report({"ours": ours}, [], [0.2, 0.5, 2.6], corpus, 1, None, made, later)
    assert "- Date: 2026-12-07, commit d61a867" in text
    assert "median of 3: **0.50 s**" in text and "Measured on 2026-12-08 at commit abc1234" in text
    assert "| Preview latency, median ≤ 1 s | 0.50 s | met |" in text
    assert "| Preview latency, p95 ≤ 2 s | 2.60 s | missed by 0.6 s (1.3×) |" in text
