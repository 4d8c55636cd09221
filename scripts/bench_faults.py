#!/usr/bin/env python
"""Peak memory (RSS) and time on big and hostile inputs: one huge paragraph without a full
stop, a folder of very many small files, zip bombs, XML entities and huge pages.

    flock /tmp/aligner-bench.lock python scripts/bench_faults.py \\
        [--paragraph-mb 100] [--translate-mb 0.2] [--files 100000] [--bomb-gb 3] \\
        [--page-mb 200] [--only hostile]

Each measurement is one real ``aligner`` process (the command a user runs), its peak RSS
read from ``os.wait4`` when it ends:

- ``segment`` of a single ``--paragraph-mb`` MB paragraph of words and commas with no
  sentence end (the worst case for the segmenter: one sentence of the whole paragraph);
- ``translate`` of such a paragraph of ``--translate-mb`` MB with the tiny test model (the
  long-input split cuts it into model-sized pieces; the model's speed, not memory, is why
  it is smaller);
- ``batch`` of ``--files`` one-line files in folders of 1,000, with the tiny model (a few
  distinct sentences, so the translation memory answers most and the run measures the
  walk, the manifest and the writers, not the model).

- hostile documents, each through ``aligner segment`` (reading is what they attack): a
  .docx and an .odt whose text part inflates to ``--bomb-gb`` GB (a zip bomb), a .docx
  with a billion-laughs DTD, one with an external entity (``SYSTEM "file:///etc/hostname"``:
  the full text must come out), a ``--page-mb`` MB HTML page; and the worst documents the
  default limits accept (aligner.text.limits): a .docx of 900,000 XML elements, an HTML
  page of 7.9 MB. Each refusal must come within 10 s, and everything under 1 GB.

``--only hostile`` (or ``paragraph``, ``batch``) runs one group. Writes
``bench-out/faults.json``. The tiny model is built by scripts/make_test_model.py
into ``bench-out/tiny-marian`` when missing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench-out"
WORDS = ("berita", "kota", "warga", "pagi", "ini", "menyambut", "pemerintah", "jalan,")


def _paragraph(path: Path, megabytes: float) -> None:
    """One line of ``megabytes`` MB: words and commas, no full stop, written in pieces."""
    block = " ".join(WORDS * 4096) + " "
    left = int(megabytes * 1_000_000)
    with open(path, "w", encoding="utf-8") as handle:
        while left > 0:
            piece = block[:left]
            handle.write(piece)
            left -= len(piece)
        handle.write("\n")


def _folder(path: Path, files: int) -> None:
    for i in range(files):
        sub = path / f"d{i // 1000:03d}"
        if i % 1000 == 0:
            sub.mkdir(parents=True)
        (sub / f"n{i:06d}.txt").write_text(
            f"Berita kota nomor {i % 7} terbit pagi ini.\n", encoding="utf-8"
        )


def _measure(args: list[str]) -> dict[str, Any]:
    """Run ``aligner ARGS``; its exit code, seconds and peak RSS in MiB."""
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "aligner", *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert proc.stderr is not None
    err = proc.stderr.read()  # before wait4: a full pipe would block the child
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "args": args,
        "code": proc.returncode,
        "seconds": round(time.monotonic() - started, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        "stderr_tail": err.decode(errors="replace")[-300:],
    }


def _tiny_model() -> Path:
    target = OUT / "tiny-marian"
    if not (target / "config.json").is_file():
        spec = importlib.util.spec_from_file_location(
            "make_test_model", ROOT / "scripts" / "make_test_model.py"
        )
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules["make_test_model"] = module
        spec.loader.exec_module(module)
        module.build_model(target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraph-mb", type=float, default=100.0)
    parser.add_argument("--translate-mb", type=float, default=0.2)
    parser.add_argument("--files", type=int, default=100_000)
    parser.add_argument("--bomb-gb", type=float, default=3.0)
    parser.add_argument("--page-mb", type=float, default=200.0)
    parser.add_argument("--only", choices=("paragraph", "batch", "hostile"))
    options = parser.parse_args()
    results: dict[str, Any] = {"options": vars(options)}
    with tempfile.TemporaryDirectory(prefix="aligner-bench-faults-") as folder:
        work = Path(folder)
        if options.only in (None, "hostile"):
            results["hostile"] = _hostile(work, options.bomb_gb, options.page_mb)
        if options.only == "hostile":
            _report(results)
            return
        model = _tiny_model()
        _paragraph(work / "para.txt", options.paragraph_mb)
        results["segment"] = _measure(["segment", str(work / "para.txt")])
        _paragraph(work / "small.txt", options.translate_mb)
        results["translate"] = _measure(
            [
                "translate",
                str(work / "small.txt"),
                "--model",
                str(model),
                "-o",
                str(work / "x.tsv"),
                "--quiet",
            ]
        )
        (work / "para.txt").unlink()
        if options.only == "paragraph":
            _report(results)
            return
        _folder(work / "in", options.files)
        results["batch"] = _measure(
            [
                "batch",
                str(work / "in"),
                str(work / "out"),
                "--model",
                str(model),
                "-f",
                "tsv",
                "--quiet",
            ]
        )
        shutil.rmtree(work / "out", ignore_errors=True)
    _report(results)


def _report(results: dict[str, Any]) -> None:
    OUT.mkdir(exist_ok=True)
    (OUT / "faults.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


def _hostile(work: Path, bomb_gb: float, page_mb: float) -> dict[str, Any]:
    """Each hostile document through ``aligner segment``: code, seconds, peak RSS."""
    files = {
        "docx-bomb": _bomb(work / "bomb.docx", "word/document.xml", bomb_gb),
        "odt-bomb": _bomb(work / "bomb.odt", "content.xml", bomb_gb),
        "billion-laughs": _rezip(work / "laughs.docx", DOCX, "word/document.xml", _laughs()),
        "external-entity": _rezip(work / "entity.docx", DOCX, "word/document.xml", _entity()),
        "html-page": _page(work / "page.html", page_mb),
        "docx-900k-elements": _rezip(work / "many.docx", DOCX, "word/document.xml", _many()),
        "html-7.9mb": _page(work / "page8.html", 7.9),
    }
    found: dict[str, Any] = {}
    for name, path in files.items():
        found[name] = _measure(["segment", str(path)])
        row = found[name]
        print(name, row["code"], row["seconds"], row["peak_rss_mib"], flush=True)
        path.unlink()
    return found


DOCX = ROOT / "tests" / "data" / "inputs" / "article.id.docx"
ODT = ROOT / "tests" / "data" / "inputs" / "article.id.odt"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PARAGRAPH = "<w:p><w:r><w:t>Warga kota menyambut pagi ini.</w:t></w:r></w:p>"


def _document(body: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W_NS}">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()


def _laughs() -> bytes:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    return _document("<w:p><w:r><w:t>a &l9; b</w:t></w:r></w:p>", f"<!DOCTYPE d [{entities}]>")


def _entity() -> bytes:
    doctype = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>'
    return _document("<w:p><w:r><w:t>Kata &x; di sini.</w:t></w:r></w:p>", doctype)


def _many() -> bytes:
    """900,000 elements (the default limit is 1,000,000), varied so deflate packs them
    less than the ratio limit."""
    return _document("".join(PARAGRAPH.replace("ini", f"ini {i}") for i in range(900_000 // 4)))


def _rezip(path: Path, base: Path, member: str, content: bytes) -> Path:
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            out.writestr(info.filename, content if info.filename == member else source.read(info))
    return path


def _bomb(path: Path, member: str, gigabytes: float) -> Path:
    """``member`` inflating to ``gigabytes`` GB of one repeated paragraph, written in
    pieces (zip64) so that building it never holds it."""
    base = DOCX if path.suffix == ".docx" else ODT
    block = (PARAGRAPH * 20_000).encode()
    left = int(gigabytes * 1e9)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != member:
                out.writestr(info.filename, source.read(info))
                continue
            with out.open(member, "w", force_zip64=True) as handle:
                handle.write(_document("")[: -len("</w:body></w:document>")])
                while left > 0:
                    handle.write(block[:left])
                    left -= len(block)
    return path


def _page(path: Path, megabytes: float) -> Path:
    """An article page of ``megabytes`` MB: paragraphs of varied news text."""
    left = int(megabytes * 1e6)
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("<html><head><title>Berita</title></head><body><article>")
        i = 0
        while left > 0:
            paragraph = f"<p>Warga kota {i} menyambut pagi ini dengan {' '.join(WORDS)}.</p>\n"
            handle.write(paragraph)
            left -= len(paragraph)
            i += 1
        handle.write("</article></body></html>")
    return path


if __name__ == "__main__":
    main()
