"""html: the article of a saved web page, through trafilatura; ``--html-all``: every block.

Main text (the default): trafilatura's extraction, its headings, paragraphs, list items,
table cells and quotes each one paragraph, the page title (``og:title`` or ``<title>``)
first. A paragraph that only points to another story ("Baca juga: …", "Lihat juga: …")
is left out too. Everything left out is counted, so no loss is silent: every text block
of the page (what ``--html-all`` keeps) whose text is not in the article is one dropped
block, its characters dropped characters (``Document.origin``).

Decoding: a BOM or ``--encoding`` wins; then UTF-8; then the page's ``<meta charset>``
(when it decodes the page); then trafilatura's guess. A page with no article text is a
NoTextError naming the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Final

from aligner.errors import DecodeError, NoTextError, OptionError
from aligner.text.limits import over_limit, size
from aligner.text.load import decode_text, display_name
from aligner.text.readers import register_reader
from aligner.text.readers._reader import Reader, ReadOptions, clean_paragraph
from aligner.types import Document, Origin

if TYPE_CHECKING:
    from lxml.etree import _Element

# links to other stories inside an article, in the words Indonesian news sites use
_READ_ALSO: Final = re.compile(r"(baca|lihat|simak|cek)\s+(juga|pula|selengkapnya)\b", re.I)
_READ_ALSO_MAX: Final = 200  # characters: a headline, not an article paragraph
_CHARSET: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_SKIP: Final = frozenset({"script", "style", "noscript", "template", "svg", "iframe", "head"})
# elements whose start or end breaks a text block (what a browser lays out as a block)
_BLOCKS: Final = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "details",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "td",
        "th",
        "tr",
        "ul",
        "caption",
        "body",
        "html",
        "option",
        "button",
        "label",
    }
)


@register_reader("html", extensions=(".html", ".htm", ".xhtml"))
class HtmlReader(Reader):
    def read(self, data: bytes, path: str, options: ReadOptions) -> Document:
        name = display_name(path)
        if len(data) > options.limits.page_bytes:  # lxml and trafilatura hold many copies
            what = f"the page holds {size(len(data))}"
            raise over_limit(name, what, "page_bytes", options.limits.page_bytes)
        text, encoding = _decode(data, path, options.encoding)
        blocks = page_blocks(text)
        if options.html_all:
            if not blocks:
                raise NoTextError("no text in the page", path=name)
            return Document(path, tuple(blocks), encoding, Origin("html"))
        kept = _article(text)
        if not kept:
            raise NoTextError(
                "no extractable text (no article found; --html-all keeps every block)", path=name
            )
        dropped = _dropped(blocks, kept)
        origin = Origin("html", dropped_blocks=len(dropped), dropped_chars=sum(map(len, dropped)))
        return Document(path, tuple(kept), encoding, origin)


def _decode(data: bytes, path: str, encoding: str | None) -> tuple[str, str]:
    try:
        return decode_text(data, path, encoding)
    except DecodeError:
        if encoding is not None:
            raise
    declared = _CHARSET.search(data[:4096])
    if declared is not None:
        try:
            return decode_text(data, path, declared.group(1).decode("ascii"))
        except (DecodeError, OptionError):
            pass  # a wrong or unknown declaration: guess, as a browser would
    from trafilatura.utils import detect_encoding

    for guess in detect_encoding(data):
        try:
            return data.decode(guess), guess
        except (UnicodeDecodeError, LookupError):
            continue
    raise DecodeError("cannot tell the encoding (use --encoding)", path=display_name(path))


def _article(text: str) -> list[str]:
    """The main text as paragraphs, title first, "read also" links left out."""
    import trafilatura
    from lxml import etree

    extracted = trafilatura.extract(
        text, output_format="xml", with_metadata=True, include_comments=False,
        include_tables=True, deduplicate=False,
    )  # fmt: skip
    if extracted is None:
        return []
    root = etree.fromstring(extracted.encode("utf-8"))
    main = root.find("main")
    paragraphs = [p for p in _xml_paragraphs(main) if not _is_read_also(p)]
    if not paragraphs:
        return []
    title = clean_paragraph(root.get("title") or "")
    return [title, *(p for p in paragraphs if p != title)] if title else paragraphs


def _is_read_also(paragraph: str) -> bool:
    return len(paragraph) <= _READ_ALSO_MAX and _READ_ALSO.match(paragraph) is not None


def _xml_paragraphs(parent: _Element | None) -> Iterator[str]:
    # trafilatura's XML: <p>, <head>, <quote>, <list><item>, <table><row><cell>, <code>
    for element in parent if parent is not None else ():
        if element.tag in ("list", "table", "row"):
            yield from _xml_paragraphs(element)
            continue
        text = clean_paragraph("".join(element.itertext()))
        if text:
            yield text


def _dropped(blocks: list[str], kept: list[str]) -> list[str]:
    """The blocks whose text is in no kept paragraph. A block is looked for only in the
    paragraphs that hold its rarest inner word (its first and last may be cut), not in
    the whole article: on a page of thousands of blocks that is the difference between
    milliseconds and minutes."""
    exact = set(kept)
    article = "\n".join(kept)
    holders: dict[str, list[str]] = {}
    for paragraph in kept:
        for word in set(paragraph.split()):
            holders.setdefault(word, []).append(paragraph)
    return [b for b in blocks if b not in exact and not _inside(b, article, holders)]


def _inside(block: str, article: str, holders: dict[str, list[str]]) -> bool:
    inner = block.split()[1:-1]
    if not inner:  # one or two words: may be parts of words anywhere
        return block in article
    rarest = min((holders.get(word, []) for word in set(inner)), key=len)
    return any(block in paragraph for paragraph in rarest)


def page_blocks(text: str) -> list[str]:
    """Every text block of the page in order, title first (what ``--html-all`` keeps)."""
    import lxml.html
    from lxml.etree import ParserError

    # lxml refuses a str that declares its own encoding; the text is decoded already
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return []
    try:
        root = lxml.html.document_fromstring(text)
    except ParserError:  # markup lxml cannot make a document of
        return []
    title = clean_paragraph(root.findtext(".//title") or "")
    blocks = _Blocks()
    blocks.walk(root)
    found = blocks.done()
    return [title, *(b for b in found if b != title)] if title else found


class _Blocks:
    """Text of an lxml tree cut at block elements, scripts and styles left out."""

    def __init__(self) -> None:
        self.found: list[str] = []
        self.buffer: list[str] = []

    def walk(self, element: Any) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""  # comments: no tag
        if tag.lower() in _SKIP or not tag:
            return
        block = tag.lower() in _BLOCKS
        if block:
            self.flush()
        self.buffer.append(element.text or "")
        for child in element:
            self.walk(child)
            self.buffer.append(child.tail or "")
        if block:
            self.flush()

    def flush(self) -> None:
        text = clean_paragraph("".join(self.buffer))
        self.buffer.clear()
        if text:
            self.found.append(text)

    def done(self) -> list[str]:
        self.flush()
        return self.found
