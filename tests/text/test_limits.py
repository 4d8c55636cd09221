"""Hostile documents (aligner.text.limits): zip bombs, lying zip directories, entities, huge
pages and files each end in a one-line error naming the file, or in the full text.

Every hostile file is built here at run time, small: a few megabytes that inflate to much
more, or a limit lowered to fit a small file. Time and memory on the big ones are measured
by scripts/bench_faults.py, not here.
"""

from __future__ import annotations

import io
import struct
import zipfile
from pathlib import Path

import pytest
from inputs import INPUTS  # tests/inputs.py
from typer.testing import CliRunner

from aligner.cli import app
from aligner.errors import CorruptInputError, LimitError, OptionError
from aligner.text import Limits
from aligner.text.readers import ReadOptions, read_input_bytes, read_input_file

DOCX = (INPUTS / "article.id.docx").read_bytes()
ODT = (INPUTS / "article.id.odt").read_bytes()
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _rezip(archive: bytes, member: str, content: bytes) -> bytes:
    """``archive`` with ``member`` replaced by ``content`` (deflated)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = content if info.filename == member else source.read(info)
            target.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _docx_body(paragraphs: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W_NS}">'
        f"<w:body>{paragraphs}</w:body></w:document>"
    ).encode()


def _odt_body(paragraphs: str, doctype: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content {ODT_NS}>'
        f"<office:body><office:text>{paragraphs}</office:text></office:body>"
        "</office:document-content>"
    ).encode()


def _bomb_body(megabytes: int) -> bytes:
    """Megabytes of one repeated paragraph: deflate packs it about a thousand times."""
    paragraph = "<w:p><w:r><w:t>lol</w:t></w:r></w:p>"
    return _docx_body(paragraph * (megabytes * 1_000_000 // len(paragraph)))


def _lie(archive: bytes, member: str, declared: int) -> bytes:
    """``archive`` whose zip directory (and local header) says ``member`` inflates to
    ``declared`` bytes: what a hand-made bomb does to pass a directory check."""
    data = bytearray(archive)
    name = member.encode()
    for signature, size_at, name_at in ((b"PK\x01\x02", 24, 46), (b"PK\x03\x04", 22, 30)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + len(name)] == name:
                struct.pack_into("<I", data, at + size_at, declared)
            at = data.find(signature, at + 4)
    return bytes(data)


def _read(data: bytes, name: str, limits: Limits | None = None) -> list[str]:
    options = ReadOptions(limits=limits or Limits())
    return list(read_input_bytes(data, name, options=options).paragraphs)


def test_the_fixtures_are_read_within_the_default_limits() -> None:
    assert _read(DOCX, "a.docx") and _read(ODT, "a.odt")


@pytest.mark.parametrize(
    ("base", "member", "name"),
    [(DOCX, "word/document.xml", "bomb.docx"), (ODT, "content.xml", "bomb.odt")],
)
def test_a_zip_bomb_is_refused_from_its_directory(base: bytes, member: str, name: str) -> None:
    bomb = _rezip(base, member, _bomb_body(40))
    assert len(bomb) < 200_000  # 40 MB packed a few hundred times
    with pytest.raises(LimitError) as caught:
        _read(bomb, name)
    message = str(caught.value)
    assert message.startswith(f"{name}: {member} inflates ")
    assert "over the 200 ratio limit (ALIGNER_MAX_RATIO raises it)" in message
    assert "\n" not in message


def test_raising_the_ratio_meets_the_part_limit_then_the_elements() -> None:
    bomb = _rezip(DOCX, "word/document.xml", _bomb_body(3))
    with pytest.raises(LimitError, match=r"inflates to 3\.0 MB, over the 2 MB part limit"):
        _read(bomb, "b.docx", Limits(ratio=10_000, part_bytes=2_000_000))
    with pytest.raises(LimitError, match=r"parts inflate to 3\.\d MB, over the 3 MB archive"):
        _read(bomb, "b.docx", Limits(ratio=10_000, archive_bytes=3_000_000))
    with pytest.raises(LimitError, match=r"more XML elements than allowed, over the 1,000 xml"):
        _read(bomb, "b.docx", Limits(ratio=10_000, xml_elements=1_000))


def test_a_lying_zip_directory_is_caught_while_inflating() -> None:
    bomb = _lie(_rezip(DOCX, "word/document.xml", _bomb_body(40)), "word/document.xml", 900)
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        assert archive.getinfo("word/document.xml").file_size == 900  # passes the directory
    with pytest.raises(CorruptInputError, match=r"^liar\.docx: damaged word/document\.xml \("):
        _read(bomb, "liar.docx")


@pytest.mark.parametrize(
    ("limits", "error"),
    [(Limits(xml_elements=20), "more XML elements"), (Limits(part_bytes=1_000), "part limit")],
)
def test_an_odt_over_a_limit_is_one_line(limits: Limits, error: str) -> None:
    with pytest.raises(LimitError, match=rf"^a\.odt: .*{error}"):
        _read(ODT, "a.odt", limits)


def _laughs(levels: int = 10) -> str:
    entities = '<!ENTITY l0 "lol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels)
    )
    return f"<!DOCTYPE d [{entities}]>"


@pytest.mark.parametrize(
    ("base", "member", "body", "name"),
    [
        (DOCX, "word/document.xml", _docx_body("<w:p><w:r><w:t>a &l9; b</w:t></w:r></w:p>",
                                                 _laughs()), "laughs.docx"),
        (ODT, "content.xml", _odt_body("<text:p>a &l9; b</text:p>", _laughs()), "laughs.odt"),
    ],
)  # fmt: skip
def test_billion_laughs_is_refused_in_one_line(
    base: bytes, member: str, body: bytes, name: str
) -> None:
    with pytest.raises(CorruptInputError) as caught:
        _read(_rezip(base, member, body), name)
    assert str(caught.value).startswith(f"{name}: damaged {member} (")
    assert "amplification" in str(caught.value) and "\n" not in str(caught.value)


EXTERNAL = '<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/hostname">]>'


@pytest.mark.parametrize(
    ("base", "member", "body", "name"),
    [
        (DOCX, "word/document.xml",
         _docx_body("<w:p><w:r><w:t>Kata &x; di sini.</w:t></w:r></w:p>", EXTERNAL), "x.docx"),
        (ODT, "content.xml", _odt_body("<text:p>Kata &x; di <text:span>sini.</text:span></text:p>",
                                       EXTERNAL), "x.odt"),
    ],
)  # fmt: skip
def test_an_external_entity_is_kept_as_written_and_nothing_is_lost(
    base: bytes, member: str, body: bytes, name: str
) -> None:
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    paragraphs = _read(_rezip(base, member, body), name)
    assert paragraphs == ["Kata &x; di sini."]
    assert not hostname or hostname not in paragraphs[0]


def test_a_page_over_the_page_limit_is_refused_before_parsing() -> None:
    page = b"<html><body>" + b"<p>Kata di sini.</p>" * 60_000 + b"</body></html>"
    with pytest.raises(LimitError, match=r"^big\.html: the page holds 1\.2 MB, over the 1 MB"):
        _read(page, "big.html", Limits(page_bytes=1_000_000))


def test_a_file_over_the_file_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Kata di sini.\n" * 100_000)
    monkeypatch.setenv("ALIGNER_MAX_FILE_MB", "1")
    with pytest.raises(LimitError, match=r"huge\.txt: the file holds 1\.4 MB, over the 1 MB file"):
        read_input_file(path)
    monkeypatch.setenv("ALIGNER_MAX_FILE_MB", "2")
    assert len(read_input_file(path).paragraphs) == 100_000


def test_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALIGNER_MAX_PART_MB", "512")
    monkeypatch.setenv("ALIGNER_MAX_XML_ELEMENTS", "7")
    assert Limits.from_env() == Limits(part_bytes=512_000_000, xml_elements=7)
    monkeypatch.setenv("ALIGNER_MAX_RATIO", "lots")
    with pytest.raises(OptionError, match=r"ALIGNER_MAX_RATIO='lots': not a positive whole"):
        Limits.from_env()


def test_the_cli_refuses_a_bomb_in_one_line(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.odt"
    bomb.write_bytes(_rezip(ODT, "content.xml", _bomb_body(40)))
    result = CliRunner().invoke(app, ["segment", str(bomb)])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"aligner: error: {bomb}: content.xml inflates ")
    assert result.stdout == ""
