"""The review page as a post-editor, in headless Chromium driven by Playwright: edit,
confirm, reload, download, and `aligner convert` the download."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner
from xliff_schema import assert_valid

from aligner.cli import app
from aligner.output.readers import open_pairs

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# a real browser process: run by default, skipped by -m 'not slow'
pytestmark = [pytest.mark.skipif(CHROMIUM is None, reason="no system Chromium"), pytest.mark.slow]
ARTICLE = Path(__file__).parents[1] / "data" / "article-ukraine.id.txt"
FAST = ["--backend", "transformers", "--device", "cpu", "--threads", "1", "--beams", "1"]
FIRST, SECOND = "The first target, edited.", "A second edit, confirmed."
FOCUSED = "[...document.querySelectorAll('tr.pair')].indexOf(document.activeElement.closest('tr'))"


@pytest.fixture(scope="module")
def drafts(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    """The article's review page and the model's own pairs (jsonl)."""
    folder = tmp_path_factory.mktemp("review")
    runner = CliRunner()
    for name in ("review.html", "draft.jsonl"):
        args = ["translate", str(ARTICLE), "--model", str(tiny_model), *FAST, "-q"]
        result = runner.invoke(app, [*args, "-o", str(folder / name)])
        assert result.exit_code == 0, result.output
    lines = (folder / "draft.jsonl").read_text(encoding="utf-8").splitlines()
    return folder / "review.html", [json.loads(line) for line in lines]


def _shot(page, path: Path) -> None:
    page.screenshot(path=str(path), full_page=False)
    shots = os.environ.get("ALIGNER_SHOTS")  # a folder to look at the pages in
    if shots:
        shutil.copy(path, Path(shots) / path.name)


def _edit(page, index: int, text: str) -> None:
    cell = page.locator("td.t").nth(index)
    cell.click()
    page.keyboard.press("Control+a")
    page.keyboard.type(text)


def _download(page, ext: str, folder: Path) -> Path:
    with page.expect_download() as info:
        page.click(f"button[data-download={ext}]")
    path = folder / f"edited.{ext}"
    info.value.save_as(str(path))
    return path


def test_edit_confirm_reload_download_and_convert(drafts, tmp_path: Path):
    page_path, model = drafts
    with sync_api.sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_context(accept_downloads=True).new_page()
        page.goto(page_path.as_uri())
        cells = page.locator("td.t")
        assert cells.count() == len(model)
        _edit(page, 0, FIRST)
        page.keyboard.press("Enter")  # to the next pair
        page.keyboard.press("Tab")  # and the one after
        assert page.evaluate(FOCUSED) == 2
        _edit(page, 2, SECOND)
        page.keyboard.press("Control+Enter")  # confirm, go on
        rows = page.locator("tr.pair")
        assert "edited" in rows.nth(0).get_attribute("class")
        assert "confirmed" in rows.nth(2).get_attribute("class")
        assert "confirmed" not in rows.nth(0).get_attribute("class")
        left = page.locator("#left").text_content()
        assert "2 edited · 1 confirmed" in left
        page.keyboard.press("Alt+ArrowDown")  # the next doubtful pair not yet confirmed
        at = page.evaluate(FOCUSED)
        assert at > 2 and "doubt" in rows.nth(at).get_attribute("class")
        _shot(page, tmp_path / "review-edited.png")

        page.reload()  # the edits are kept in the browser, keyed to this run
        assert cells.nth(0).text_content() == FIRST and cells.nth(2).text_content() == SECOND
        assert "2 edited · 1 confirmed" in page.locator("#left").text_content()
        page.evaluate("window.scrollTo(0, 0)")
        _shot(page, tmp_path / "review-reloaded.png")
        downloads = {ext: _download(page, ext, tmp_path) for ext in ("xlf", "tmx", "tsv", "jsonl")}
        browser.close()

    assert_valid(downloads["xlf"])
    tmx = tmp_path / "memory.tmx"
    result = CliRunner().invoke(app, ["convert", str(downloads["xlf"]), "-o", str(tmx)])
    assert result.exit_code == 0, result.output
    pairs = list(open_pairs(tmx).pairs())
    expected = [FIRST, model[1]["target"], SECOND, *(r["target"] for r in model[3:])]
    assert [p.target for p in pairs] == expected
    assert [p.source for p in pairs] == [r["source"] for r in model]
    assert "post-edited" in pairs[0].flags and "post-edited" in pairs[2].flags
    assert "confirmed" in pairs[2].flags and "confirmed" not in pairs[0].flags
    assert not any("post-edited" in p.flags for i, p in enumerate(pairs) if i not in (0, 2))
    assert [p.flags - {"post-edited", "confirmed"} for p in pairs] == [
        set(r["flags"]) for r in model
    ]
    for ext in ("tmx", "tsv", "jsonl"):  # the page's other downloads read back alike
        fmt = {"tmx": "tmx", "tsv": "tsv", "jsonl": "jsonl"}[ext]
        assert [p.target for p in open_pairs(downloads[ext], fmt).pairs()] == expected
    jsonl = list(open_pairs(downloads["jsonl"]).pairs())
    assert [p.confidence for p in jsonl] == [r["confidence"] for r in model]
    assert jsonl[0].flags == {"post-edited", *model[0]["flags"]}


def test_the_page_is_one_file_that_reads_without_its_script(drafts):
    page_path, model = drafts
    text = page_path.read_text(encoding="utf-8")
    assert "<link" not in text and 'src="' not in text
    assert text.count('contenteditable="plaintext-only"') == len(model)
    data = json.loads(text.split('id="pairs">', 1)[1].split("</script>", 1)[0])
    assert [p["target"] for p in data["pairs"]] == [r["target"] for r in model]
    assert data["key"].startswith("aligner-review:") and data["meta"].startswith("{")
