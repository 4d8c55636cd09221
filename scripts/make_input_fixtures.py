#!/usr/bin/env python
"""Build the input-format fixtures of tests/data/inputs/ from tests/data/article-ukraine.id.txt.

    python scripts/make_input_fixtures.py [OUTDIR]      # default: tests/data/inputs

Writes saved news pages in the layouts of three kinds of Indonesian news site (menu,
breadcrumb, "Baca juga" links inside the article, an ad block, share buttons, related
stories, a footer with the copyright), a Word document (title in the Heading 1 style, the
article paragraphs, a table, a header and a footer), an OpenDocument text, a Markdown file
with a code block, and the bad inputs the readers must refuse: a .docx that is not a zip,
a page with no text, and (with msoffcrypto-tool installed) a password-protected .docx.
The article body is every line of the text file except its last one, a spam signature.
The results are small and committed; run this again only to change them.
"""

from __future__ import annotations

import argparse
import html
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "data" / "article-ukraine.id.txt"
TITLE = "Rusia dan AS Bersikap Keras Jelang Pembicaraan Lanjutan soal Ukraina"
READ_ALSO = (
    "Putin Peringatkan Langkah Militer jika Tuntutan Tak Dipenuhi",
    "NATO Tolak Hentikan Ekspansi ke Timur",
)
CHROME = (  # texts of the page chrome: none may reach the pairs
    "Beranda",
    "Internasional",
    "Ekonomi",
    "Olahraga",
    "Teknologi",
    "Baca juga",
    "ADVERTISEMENT",
    "SCROLL TO CONTINUE WITH CONTENT",
    "Bagikan",
    "Facebook",
    "WhatsApp",
    "Hak Cipta",
    "Berita Terkait",
    "Terpopuler",
    "Redaksi",
    "Pedoman Media Siber",
)


def article_body() -> list[str]:
    lines = [line.strip() for line in ARTICLE.read_text("utf-8").splitlines() if line.strip()]
    return lines[:-1]  # the last line is a spam signature, not the article


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _menu() -> str:
    items = ("Beranda", "Nasional", "Internasional", "Ekonomi", "Olahraga", "Teknologi")
    links = "".join(f'<li><a href="/{i.lower()}">{i}</a></li>' for i in items)
    return f'<nav class="menu"><ul>{links}</ul></nav>'


def _share() -> str:
    return (
        '<div class="share"><span>Bagikan:</span> <a href="#fb">Facebook</a> '
        '<a href="#tw">Twitter</a> <a href="#wa">WhatsApp</a> <a href="#cp">Salin tautan</a></div>'
    )


def _ad() -> str:
    return (
        '<div class="ads" id="ad-inarticle"><span>ADVERTISEMENT</span>'
        "<p>SCROLL TO CONTINUE WITH CONTENT</p></div>"
    )


def _related(heading: str) -> str:
    items = "".join(
        f'<li><a href="/berita/{n}">{_esc(t)}</a></li>' for n, t in enumerate(READ_ALSO)
    )
    return f'<aside class="related"><h3>{heading}</h3><ul>{items}</ul></aside>'


def _footer(site: str) -> str:
    return (
        '<footer><ul><li><a href="/redaksi">Redaksi</a></li>'
        '<li><a href="/pedoman">Pedoman Media Siber</a></li>'
        '<li><a href="/kontak">Kontak</a></li></ul>'
        f"<p>Hak Cipta © 2026 {site}. Seluruh hak dilindungi.</p></footer>"
    )


def _head(site: str) -> str:
    return (
        f'<head><meta charset="utf-8"><title>{_esc(TITLE)} - {site}</title>'
        f'<meta property="og:title" content="{_esc(TITLE)}">'
        f'<meta property="og:site_name" content="{site}">'
        "<script>window.dataLayer=[];</script><style>.ads{height:250px}</style></head>"
    )


def page_portal(body: list[str]) -> str:
    """A portal layout: "Baca juga" as its own block between paragraphs, ads mid-article."""
    paragraphs: list[str] = []
    for n, text in enumerate(body):
        paragraphs.append(f"<p>{_esc(text)}</p>")
        if n == 2:
            link = f'<a href="/berita/0">{_esc(READ_ALSO[0])}</a>'
            paragraphs.append(f'<div class="lihatjg"><strong>Baca juga:</strong> {link}</div>')
        if n == 5:
            paragraphs.append(_ad())
    return (
        f'<!DOCTYPE html><html lang="id">{_head("Portal Berita")}<body>'
        f'<header><a class="logo" href="/">Portal Berita</a>{_menu()}</header>'
        '<div class="breadcrumb"><a href="/">Beranda</a> › <a href="/int">Internasional</a></div>'
        f'<div class="detail"><h1 class="detail__title">{_esc(TITLE)}</h1>'
        '<div class="detail__author">Tim Redaksi - Internasional</div>'
        '<div class="detail__date">Rabu, 12 Jan 2022 07:15 WIB</div>'
        f'{_share()}<div class="detail__body-text">{"".join(paragraphs)}</div>'
        '<div class="tags"><a href="/tag/rusia">rusia</a> <a href="/tag/nato">nato</a></div>'
        f"{_share()}</div>{_related('Berita Terkait')}{_footer('Portal Berita')}</body></html>"
    )


def page_inline_read_also(body: list[str]) -> str:
    """ "Baca juga:" as a bold paragraph of the article text itself, and a sidebar."""
    paragraphs: list[str] = []
    for n, text in enumerate(body):
        paragraphs.append(f"<p>{_esc(text)}</p>")
        if n in (1, 9):
            title = READ_ALSO[0 if n == 1 else 1]
            link = f'<a href="/read/{n}">{_esc(title)}</a>'
            paragraphs.append(f"<p><strong>Baca juga: {link}</strong></p>")
        if n == 12:
            paragraphs.append(_ad())
    popular = "".join(f"<li><a href='/p/{n}'>{_esc(t)}</a></li>" for n, t in enumerate(READ_ALSO))
    return (
        f'<!DOCTYPE html><html lang="id">{_head("Harian Nusantara")}<body>'
        f'<div class="top-bar">{_menu()}</div>'
        '<main><div class="col-content">'
        f'<div class="read__header"><h1 class="read__title">{_esc(TITLE)}</h1>'
        '<div class="read__time">Harian Nusantara.com - 12/01/2022, 07:15 WIB</div></div>'
        f'<div class="read__content"><div class="clearfix">{"".join(paragraphs)}</div></div>'
        f"{_share()}</div>"
        f'<div class="col-sidebar"><h3>Terpopuler</h3><ol>{popular}</ol></div></main>'
        f"{_footer('Harian Nusantara')}</body></html>"
    )


def page_semantic(body: list[str]) -> str:
    """A semantic layout (<article>, <section>, <aside>) with a subheading and comments."""
    half = len(body) // 2
    first = "".join(f"<p>{_esc(t)}</p>" for t in body[:half])
    rest = "".join(f"<p>{_esc(t)}</p>" for t in body[half:])
    return (
        f'<!DOCTYPE html><html lang="id">{_head("Kabar Dunia")}<body>'
        f"<header>{_menu()}</header>"
        f'<article><header><h1>{_esc(TITLE)}</h1><p class="byline">Oleh Tim Kabar Dunia</p>'
        f"</header>{_share()}<section>{first}{_ad()}<h2>Latihan militer di perbatasan</h2>"
        f"{rest}</section>{_related('Baca juga')}</article>"
        '<section class="comments"><h3>Komentar</h3><p>Masuk untuk berkomentar.</p></section>'
        f"{_footer('Kabar Dunia')}</body></html>"
    )


def empty_page() -> str:
    return (
        '<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title></title></head>'
        '<body><div id="app"></div><script>render()</script></body></html>'
    )


def write_docx(body: list[str], path: Path) -> None:
    """Title (Heading 1), the article paragraphs, a table after the fourth, header, footer."""
    import docx

    document = docx.Document()
    document.add_heading(TITLE, level=1)
    for n, text in enumerate(body):
        document.add_paragraph(text)
        if n == 3:
            _table(document)
    document.add_paragraph("Sikap kedua pihak", style="List Bullet")
    section = document.sections[0]
    section.header.paragraphs[0].text = "Kabar Dunia – Internasional"
    section.footer.paragraphs[0].text = "Hak cipta Kabar Dunia. Dilarang mengutip tanpa izin."
    document.core_properties.title = TITLE
    _save_fixed(document, path)


def _table(document: object) -> None:
    rows = (("Pihak", "Tuntutan"), ("Rusia", "Jaminan NATO tidak berekspansi"),
            ("Amerika Serikat", "Penarikan pasukan dari perbatasan"))  # fmt: skip
    table = document.add_table(rows=len(rows), cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text


def _save_fixed(document: object, path: Path) -> None:
    # rewrite the zip with fixed timestamps, so that re-running gives the same bytes
    import datetime

    props = document.core_properties  # type: ignore[attr-defined]
    props.created = props.modified = datetime.datetime(2022, 1, 12, 7, 15)
    props.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)  # type: ignore[attr-defined]
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(_entry(info.filename), src.read(info))


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED  # a ZipInfo's own default is ZIP_STORED
    return info


_ODT_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
)


def write_odt(body: list[str], path: Path) -> None:
    """A minimal OpenDocument text: heading, paragraphs (one with a span), a list, a table."""
    paras = [f"<text:p>{_esc(t)}</text:p>" for t in body[:6]]
    paras[1] = f'<text:p><text:span text:style-name="T1">{_esc(body[1])}</text:span></text:p>'
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODT_NS} '
        'office:version="1.3"><office:body><office:text>'
        f'<text:h text:outline-level="1">{_esc(TITLE)}</text:h>{"".join(paras)}'
        "<text:list><text:list-item><text:p>Rusia menuntut jaminan.</text:p></text:list-item>"
        "<text:list-item><text:p>AS menolak tuntutan itu.</text:p></text:list-item></text:list>"
        "<table:table><table:table-row><table:table-cell><text:p>Pihak</text:p>"
        "</table:table-cell><table:table-cell><text:p>Tuntutan</text:p></table:table-cell>"
        "</table:table-row></table:table></office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
        '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path='
        '"content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as odt:
        stamp = (1980, 1, 1, 0, 0, 0)
        mimetype = zipfile.ZipInfo("mimetype", stamp)  # first and stored, as ODF requires
        odt.writestr(mimetype, "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        odt.writestr(_entry("content.xml"), content)
        odt.writestr(_entry("META-INF/manifest.xml"), manifest)


def write_markdown(body: list[str], path: Path) -> None:
    lines = [f"# {TITLE}", "", f"*{body[0][:6]}*{body[0][6:]}", ""]
    for text in body[1:5]:
        lines += [text, ""]
    lines += ["## Tuntutan", "", "- Rusia menuntut **jaminan** tertulis.",
              "- AS menolak [tuntutan itu](https://example.org/tuntutan).", "",
              "```", "curl https://example.org/api", "```", ""]  # fmt: skip
    path.write_text("\n".join(lines), encoding="utf-8")


def write_encrypted(docx_path: Path, path: Path) -> bool:
    """A password-protected copy of the docx (password "rahasia"); False without the tool."""
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return False
    with open(docx_path, "rb") as plain, open(path, "wb") as out:
        OOXMLFile(plain).encrypt("rahasia", out)
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", nargs="?", type=Path, default=ROOT / "tests/data/inputs")
    out = parser.parse_args().outdir
    out.mkdir(parents=True, exist_ok=True)
    body = article_body()
    pages: dict[str, Callable[[list[str]], str]] = {
        "news-portal.id.html": page_portal,
        "news-inline.id.html": page_inline_read_also,
        "news-semantic.id.html": page_semantic,
    }
    for name, build in pages.items():
        (out / name).write_text(build(body) + "\n", encoding="utf-8")
    (out / "empty-page.html").write_text(empty_page() + "\n", encoding="utf-8")
    write_docx(body, out / "article.id.docx")
    write_odt(body, out / "article.id.odt")
    write_markdown(body, out / "article.id.md")
    (out / "corrupt.docx").write_bytes(b"This is not a Word document, only text named .docx.\n")
    if not write_encrypted(out / "article.id.docx", out / "encrypted.docx"):
        print("msoffcrypto-tool not installed: encrypted.docx not written")


if __name__ == "__main__":
    main()
