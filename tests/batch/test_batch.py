"""aligner.batch.runner over real folders with the tiny model: manifest, corpus, resume, align."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from aligner.batch.manifest import Manifest, ManifestRecord
from aligner.batch.runner import BatchOptions, BatchResult, check_folders, run_batch
from aligner.batch.walk import OutputNames, find_inputs, glob_regex
from aligner.errors import InputError, OutputError
from aligner.types import Pair

DATA = Path(__file__).parents[1] / "data"

ARTICLE_A = (
    "Presiden meresmikan jembatan baru di Surabaya. Jembatan itu panjangnya 100 meter.\n"
    "Baca juga: berita terkini hari ini.\n"
)
ARTICLE_B = (
    "Harga beras naik lagi. Pemerintah berjanji menstabilkan harga.\n"
    "Baca juga: berita terkini hari ini.\n"
)
ARTICLE_C = "Hujan deras mengguyur Jakarta sejak pagi.\n"


def _messy_folder(root: Path) -> Path:
    """Nested folders, a duplicated article, boilerplate, and every kind of bad file."""
    src = root / "in"
    (src / "news" / "2024").mkdir(parents=True)
    (src / "news" / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (src / "news" / "2024" / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    (src / "news" / "2024" / "copy-of-a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (src / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    (src / "binary.txt").write_bytes(b"\x89PNG\r\n\x00\x00\x00IHDR")
    (src / "latin1.txt").write_bytes(b"Kafe ini menjual kopi dan roti enak." + b"\xe9\n")
    (src / "empty.txt").write_bytes(b"")
    (src / "notes.md").write_text("Tidak cocok dengan glob.\n", encoding="utf-8")
    os.symlink("..", src / "news" / "loop")  # a folder loop: news/loop/news/loop/...
    outside = root / "outside.txt"
    outside.write_text("Di luar folder.\n", encoding="utf-8")
    os.symlink(outside, src / "escape.txt")
    return src


def _corpus(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "corpus.jsonl").read_text("utf-8").splitlines()]


def _statuses(result: BatchResult) -> dict[str, str]:
    return {r.path: r.status for r in result.records}


def test_messy_folder(tmp_path: Path, translator) -> None:
    src, out = _messy_folder(tmp_path), tmp_path / "out"
    warnings: list[str] = []
    options = BatchOptions(formats=("tsv", "jsonl", "moses"))
    result = run_batch(src, out, translator, options, warn=warnings.append)

    assert _statuses(result) == {
        "binary.txt": "failed",
        "c.txt": "done",
        "empty.txt": "skipped",
        "escape.txt": "skipped",
        "latin1.txt": "failed",
        "news/2024/b.txt": "done",
        "news/2024/copy-of-a.txt": "done",
        "news/a.txt": "done",
    }
    assert result.exit_code == 2
    assert [r.path for r in result.failed] == ["binary.txt", "latin1.txt"]
    errors = {r.path: r.error or "" for r in result.records}
    assert "binary" in errors["binary.txt"] and "UTF-8" in errors["latin1.txt"]
    assert "empty" in errors["empty.txt"] and "leaves the input folder" in errors["escape.txt"]
    assert any("symlink loop" in w for w in warnings)

    # manifest on disk: one record per input, sorted, with sha256 and stats
    manifest = [json.loads(x) for x in (out / "manifest.jsonl").read_text().splitlines()]
    assert [m["path"] for m in manifest] == sorted(_statuses(result))
    a = next(m for m in manifest if m["path"] == "news/a.txt")
    assert a["sentences"] == 3 and a["pairs"] == 3 and len(a["sha256"]) == 64
    assert 0 < a["min_confidence"] <= a["mean_confidence"] <= 1
    assert a["seconds"] >= 0 and isinstance(a["flags"], dict)

    # corpus: no duplicate pair; the duplicated article and the boilerplate appear once,
    # credited to the first document in path order (jsonl keeps the boilerplate, issue #12)
    rows = _corpus(out)
    keys = [(r["source"], r["target"]) for r in rows]
    assert len(keys) == len(set(keys))
    sources = [r["source"] for r in rows]
    assert sorted(sources) == sorted(
        {
            "Presiden meresmikan jembatan baru di Surabaya.",
            "Jembatan itu panjangnya 100 meter.",
            "Baca juga: berita terkini hari ini.",
            "Harga beras naik lagi.",
            "Pemerintah berjanji menstabilkan harga.",
            "Hujan deras mengguyur Jakarta sejak pagi.",
        }
    )
    by_source = {r["source"]: r["doc"] for r in rows}
    assert by_source["Presiden meresmikan jembatan baru di Surabaya."] == "news/2024/copy-of-a.txt"
    assert by_source["Baca juga: berita terkini hari ini."] == "news/2024/b.txt"
    assert len(rows) == 6
    # tsv and moses leave the "Baca juga" line out as noise, and count it
    assert result.corpus_pairs == 5 and result.corpus_left_out == {"noise": 1}
    tsv = (out / "corpus.tsv").read_text("utf-8").splitlines()
    moses = (out / "corpus.id").read_text("utf-8").splitlines()
    assert len(tsv) == len(moses) == len((out / "corpus.en").read_text("utf-8").splitlines()) == 5
    assert not any(line.startswith("Baca juga") for line in tsv)

    # per-document outputs mirror the tree; nothing outside OUT_DIR, nothing for bad files
    assert (out / "docs" / "news" / "2024" / "b.txt.tsv").is_file()
    assert (out / "docs" / "news" / "a.txt.id").is_file()
    assert not list((out / "docs").glob("binary*"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out", "outside.txt"]
    state = out / ".state" / "pairs" / "news" / "a.txt.jsonl"
    pairs = [Pair.from_json(json.loads(x)) for x in state.read_text("utf-8").splitlines()]
    assert [p.source_ids for p in pairs] == [(0,), (1,), (2,)] and pairs[0].doc == "news/a.txt"

    report = (out / "report.html").read_text("utf-8")
    assert "lowest-confidence" in report and "binary.txt" in report and "model_sha256" in report


def test_second_run_translates_nothing_and_changes_are_redone(tmp_path: Path, translator) -> None:
    src, out = _messy_folder(tmp_path), tmp_path / "out"
    first = run_batch(src, out, translator)
    corpus = (out / "corpus.jsonl").read_bytes()
    assert first.cache_misses > 0 and first.resumed == 0

    second = run_batch(src, out, translator)
    assert second.cache_misses == 0  # the model saw nothing
    assert second.resumed == 4 and _statuses(second) == _statuses(first)
    assert (out / "corpus.jsonl").read_bytes() == corpus
    done_before = {r.path: r for r in first.records if r.status == "done"}
    assert {r.path: r for r in second.records if r.status == "done"} == done_before

    (src / "c.txt").write_text("Banjir melanda kota itu kemarin sore.\n", encoding="utf-8")
    third = run_batch(src, out, translator)
    assert third.resumed == 3 and third.cache_misses == 1
    c = next(r for r in third.records if r.path == "c.txt")
    assert c.status == "done" and c.sha256 != done_before["c.txt"].sha256
    assert "Banjir melanda kota itu kemarin sore." in [r["source"] for r in _corpus(out)]


def test_options_change_redoes_files_from_the_cache(tmp_path: Path, translator) -> None:
    src, out = _messy_folder(tmp_path), tmp_path / "out"
    first = run_batch(src, out, translator)
    scores = sorted(r["confidence"] for r in _corpus(out))
    threshold = scores[len(scores) // 2]
    again = run_batch(src, out, translator, BatchOptions(min_confidence=threshold))
    assert again.resumed == 0 and again.cache_misses == 0 and again.cache_hits > 0
    assert all(r["confidence"] >= threshold for r in _corpus(out))
    assert 0 < len(_corpus(out)) < first.corpus_pairs
    tsv = (out / "docs" / "news" / "a.txt.tsv").read_text("utf-8").splitlines()
    jsonl = (out / "docs" / "news" / "a.txt.jsonl").read_text("utf-8").splitlines()
    assert len(tsv) <= len(jsonl) == 3  # review formats keep every pair


def test_cross_file_chunks_match_the_uninterrupted_layout(tmp_path: Path, translator) -> None:
    """A sentence's translation depends on its batch, so with the cache a resumed run feeds
    unchanged files through the same chunks: deleting one document's outputs and
    resuming gives the same corpus bytes."""
    src = tmp_path / "in"
    src.mkdir()
    for i in range(6):
        (src / f"f{i}.txt").write_text(
            f"Kalimat nomor {i} cukup panjang untuk diuji. Yang ini pendek {i}.\n", "utf-8"
        )
    options = BatchOptions(chunk_sentences=5, formats=("jsonl",))
    run_batch(src, tmp_path / "whole", translator, options)
    out = tmp_path / "out"
    run_batch(src, out, translator, options)
    for path in (out / ".state" / "pairs").glob("f3.txt.jsonl"):
        path.unlink()
    again = run_batch(src, out, translator, options)
    assert again.resumed == 5 and again.cache_misses == 0
    assert (out / "corpus.jsonl").read_bytes() == (tmp_path / "whole" / "corpus.jsonl").read_bytes()


def test_out_dir_inside_in_dir_is_never_read(tmp_path: Path, translator) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    for _ in range(2):
        result = run_batch(src, src / "out", translator, BatchOptions(formats=("text",)))
        assert [r.path for r in result.records] == ["c.txt"]


def test_fatal_folder_problems(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    with pytest.raises(OutputError, match="must not be the input folder"):
        check_folders(src, src)
    with pytest.raises(OutputError, match="must not be the input folder"):
        check_folders(src, tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="not writable"):
        check_folders(src, tmp_path / "file" / "out")
    with pytest.raises(InputError, match="not a folder"):
        check_folders(tmp_path / "missing", tmp_path / "out")


def test_align_mode_without_model(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "berita.id.txt").write_bytes((DATA / "align_news.id").read_bytes())
    (src / "sub" / "berita.en.txt").write_bytes((DATA / "align_news.en").read_bytes())
    (src / "lonely.id.txt").write_text("Tidak ada pasangannya.\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_batch(src, out, None, BatchOptions(align=True, formats=("tsv", "jsonl")))
    assert _statuses(result) == {"lonely.id.txt": "failed", "sub/berita.id.txt": "done"}
    assert "lonely.en.txt" in (result.failed[0].error or "")
    record = next(r for r in result.records if r.status == "done")
    assert record.target == "sub/berita.en.txt" and record.pairs >= 28
    rows = _corpus(out)
    assert {r["doc"] for r in rows} == {"sub/berita.id.txt"}
    assert all(r["source"] and r["target"] for r in rows)  # 1-0 / 0-1 stay in docs/ only
    first_id = (DATA / "align_news.id").read_text("utf-8").splitlines()[0]
    first_en = (DATA / "align_news.en").read_text("utf-8").splitlines()[0]
    assert (first_id, first_en) in {(r["source"], r["target"]) for r in rows}
    again = run_batch(src, out, None, BatchOptions(align=True, formats=("tsv", "jsonl")))
    assert again.resumed == 1


def test_align_mode_with_target_dir(tmp_path: Path, translator) -> None:
    src, tgt = tmp_path / "id", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    (src / "a.txt").write_bytes((DATA / "align_news.id").read_bytes())
    (tgt / "a.txt").write_bytes((DATA / "align_news.en").read_bytes())
    options = BatchOptions(align=True, target_dir=tgt, formats=("jsonl",))
    result = run_batch(src, tmp_path / "out", translator, options)
    assert _statuses(result) == {"a.txt": "done"} and result.cache_misses > 0


def test_align_mode_checks_the_aligned_pairs(tmp_path: Path, translator) -> None:
    """As ``aligner align`` with a model does: a target that lost a number is flagged."""
    src, tgt = tmp_path / "id", tmp_path / "en"
    src.mkdir()
    tgt.mkdir()
    (src / "a.txt").write_text("Harga beras naik 25 persen tahun ini.\n", encoding="utf-8")
    (tgt / "a.txt").write_text("Rice prices rose this year.\n", encoding="utf-8")
    options = BatchOptions(align=True, target_dir=tgt, formats=("jsonl",))
    run_batch(src, tmp_path / "out", translator, options)
    (pair,) = _corpus(tmp_path / "out")
    assert "number:25" in pair["flags"]


# -- pieces ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("**/*.txt", "a.txt", True),
        ("**/*.txt", "x/y/a.txt", True),
        ("**/*.txt", "a.txt.bak", False),
        ("*.txt", "x/a.txt", False),
        ("news/**/*.id.txt", "news/a.id.txt", True),
        ("news/**/*.id.txt", "news/2024/05/a.id.txt", True),
        ("news/**/*.id.txt", "old/news/a.id.txt", False),
        ("?.txt", "ab.txt", False),
        ("[ab].txt", "b.txt", True),
        ("[!ab].txt", "b.txt", False),
        ("**", "any/thing", True),
    ],
)
def test_glob(pattern: str, path: str, matches: bool) -> None:
    assert bool(glob_regex(pattern).match(path)) is matches


def test_find_inputs_is_sorted_and_follows_inner_links(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    os.symlink(tmp_path / "b", tmp_path / "c")  # inside the folder: followed
    found = find_inputs(tmp_path, "**/*.txt")
    assert [f.rel for f in found] == ["a.txt", "b/z.txt", "c/z.txt"]


def test_output_names_are_safe_and_unique() -> None:
    names = OutputNames()
    assert names.name("a/b.txt") == "a/b.txt"
    assert names.name('we?rd:na"me.txt') == "we_rd_na_me.txt"
    clash = names.name("we*rd:na_me.txt")
    assert clash.startswith("we_rd_na_me.txt~") and clash != "we_rd_na_me.txt"
    assert names.name("A/B.TXT").startswith("A/B.TXT~")  # case-insensitive file systems
    long = names.name("x" * 300 + ".txt")
    assert len(long.encode()) <= 200 and ".." not in long


def test_manifest_survives_a_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    manifest = Manifest(path)
    manifest.append(ManifestRecord("a.txt", "done", sha256="1"))
    manifest.close()
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"path": "b.txt", "sta')  # killed mid-write
    manifest = Manifest(path)
    assert list(manifest.records) == ["a.txt"]
    manifest.append(ManifestRecord("a.txt", "failed", error="later"))
    manifest.close()
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and all(json.loads(line) for line in lines)
    assert Manifest(path).records["a.txt"].status == "failed"  # the last record wins


def test_temp_files_of_a_killed_run_are_removed(tmp_path: Path, translator) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "c.txt").write_text(ARTICLE_C, encoding="utf-8")
    dead_pid = subprocess.Popen(["true"])
    dead_pid.wait()
    stale = tmp_path / "out" / "docs" / f".c.txt.tsv.{dead_pid.pid}-0.tmp"
    stale.parent.mkdir(parents=True)
    stale.write_text("half a file")
    mine = tmp_path / "out" / f".other.{os.getpid()}-0.tmp"  # a live process: kept
    mine.write_text("in use")
    run_batch(src, tmp_path / "out", translator)
    assert not stale.exists() and mine.exists()


def test_named_encoding(tmp_path: Path, translator) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "latin1.txt").write_bytes("Kafé ini menjual kopi.\n".encode("latin-1"))
    failed = run_batch(src, tmp_path / "out", translator)
    assert "--encoding" in (failed.failed[0].error or "")
    done = run_batch(src, tmp_path / "out", translator, BatchOptions(encoding="latin-1"))
    assert _statuses(done) == {"latin1.txt": "done"}
    assert [r["source"] for r in _corpus(tmp_path / "out")] == ["Kafé ini menjual kopi."]
