"""-f xliff: valid XLIFF 1.2 strict, read by translate-toolkit, post-edits read back."""

from __future__ import annotations

import math
from pathlib import Path

import lxml.etree
import pytest
from xliff_schema import assert_valid

from aligner.errors import CorruptInputError
from aligner.output.formats import infer_format, write_pairs
from aligner.output.formats.xliff import NS, URN
from aligner.output.readers import open_pairs
from aligner.types import Pair

HOSTILE = "a\tb\nc <&>\"' \x00\x07 \ud800 😀 \ufffe end"
PAIRS = [
    Pair("news.txt", 0, (0,), (0,), "Harga beras naik.", "Rice prices rise.", 0.91, bead="1-1",
         logprob=-0.4, tokens=5),
    Pair("news.txt", 0, (1,), (1,), "Baca juga: banjir", "Read also: floods", 0.88,
         frozenset({"boilerplate:read-also"})),
    Pair("news.txt", 2, (2, 3), (2,), "Dua. Kalimat.", "Two sentences.", 0.31, bead="2-1"),
    Pair("news.txt", 2, (4,), (3,), "2024", "2024", 1.0, frozenset({"passthrough"})),
    Pair("news.txt", 3, (5,), (4,), HOSTILE, HOSTILE, math.nan, frozenset({"ratio"})),
    Pair("other.txt", 0, (), (0,), "", "An extra line.", 0.5, frozenset({"unaligned"}), "0-1"),
]  # fmt: skip


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


@pytest.fixture
def xlf(tmp_path: Path) -> Path:
    out = tmp_path / "out.xlf"
    write_pairs(PAIRS, "xliff", out, meta={"model": {"name": "tiny"}, "beams": 1})
    return out


def test_xliff_is_inferred_from_both_extensions():
    assert infer_format(Path("a.xlf")) == "xliff" == infer_format(Path("b.XLIFF"))


def test_every_output_is_valid_xliff_1_2_strict(xlf: Path, tmp_path: Path):
    assert_valid(xlf)
    empty = tmp_path / "empty.xlf"
    write_pairs([], "xliff", empty)
    assert_valid(empty)


def test_files_groups_units_states_and_noise(xlf: Path):
    root = lxml.etree.parse(str(xlf)).getroot()
    files = root.findall(_q("file"))
    assert [f.get("original") for f in files] == ["news.txt", "other.txt"]
    assert {(f.get("source-language"), f.get("target-language")) for f in files} == {("id", "en")}
    groups = files[0].findall(f"{_q('body')}/{_q('group')}")
    assert [g.get("id") for g in groups] == ["p0", "p2", "p3"]
    units = list(root.iter(_q("trans-unit")))
    assert [u.get("id") for u in units] == ["p0.s0", "p0.s1", "p2.s2-3", "p2.s4", "p3.s5", "p0.t0"]
    states = [u.find(_q("target")).get("state") for u in units]
    done, review = "translated", "needs-review-translation"
    assert states == [done, review, review, done, review, review]
    assert [u.get("translate") for u in units] == [None, "no", None, None, None, None]
    assert units[2].get(f"{{{URN}}}bead") == "2-1" and units[2].get(f"{{{URN}}}source-ids") == "2 3"
    assert "confidence 0.3100" in units[2].find(_q("note")).text
    signature = files[0].find(f"{_q('header')}/{{{URN}}}signature")
    assert signature is not None and '"beams": 1' in signature.text


def test_translate_toolkit_reads_every_unit_with_source_target_and_state(xlf: Path):
    from translate.storage import factory

    store = factory.getobject(str(xlf))
    units = [u for u in store.units if not u.isheader()]
    assert [u.source for u in units[:4]] == [p.source for p in PAIRS[:4]]
    assert [u.target for u in units[:4]] == [p.target for p in PAIRS[:4]]
    assert len(units) == len(PAIRS)
    translated, review = units[0].S_TRANSLATED, units[0].S_NEEDS_REVIEW
    assert [u.get_state_id() for u in units] == [translated, review, review, translated,
                                                 review, review]  # fmt: skip
    assert [u.istranslatable() for u in units] == [True, False, True, True, True, True]


def test_every_field_reads_back(xlf: Path):
    reader = open_pairs(xlf)
    assert reader.meta == {"model": {"name": "tiny"}, "beams": 1}
    back = list(reader.pairs())
    # XML 1.0 cannot hold some characters: they are removed, the rest survives
    hostile = "".join(c for c in HOSTILE if c not in "\x00\x07\ud800\ufffe")
    expected = [p if p.source != HOSTILE else _texts(p, hostile) for p in PAIRS]
    assert back[:4] == expected[:4] and back[5] == expected[5]
    assert back[4].source == expected[4].source and math.isnan(back[4].confidence)


def _texts(pair: Pair, text: str) -> Pair:
    from dataclasses import replace

    return replace(pair, source=text, target=text)


def _edit(path: Path, unit: str, target: str | None = None, state: str | None = None) -> None:
    tree = lxml.etree.parse(str(path))
    found = next(u for u in tree.iter(_q("trans-unit")) if u.get("id") == unit)
    if target is not None:
        found.find(_q("target")).text = target
    if state is not None:
        found.find(_q("target")).set("state", state)
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")


def test_a_post_edited_target_replaces_the_draft_and_is_flagged(xlf: Path):
    _edit(xlf, "p0.s0", target="Rice is dearer.")
    _edit(xlf, "p2.s2-3", state="final")
    _edit(xlf, "p2.s4", state="signed-off")
    back = {p.source_ids: p for p in open_pairs(xlf).pairs()}
    assert back[(0,)].target == "Rice is dearer." and "post-edited" in back[(0,)].flags
    assert back[(0,)].confidence == 0.91  # the machine's score stays what it was
    assert back[(2, 3)].flags == {"confirmed"}  # needed review, now final
    assert back[(4,)].flags == {"passthrough", "confirmed"}  # a person signed it off
    assert back[(1,)].flags == {"boilerplate:read-also"}


def test_an_edit_written_again_keeps_its_flag(xlf: Path, tmp_path: Path):
    _edit(xlf, "p0.s0", target="Rice is dearer.")
    again = tmp_path / "again.xlf"
    write_pairs(list(open_pairs(xlf).pairs()), "xliff", again)
    assert_valid(again)
    first = next(open_pairs(again).pairs())
    assert first.target == "Rice is dearer." and "post-edited" in first.flags


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<html><body/></html>", "not an XLIFF 1.2 file (its root is <html>"),
        ("not xml at all", "not a XLIFF file"),
        (f'<xliff xmlns="{NS}" version="1.2"><file original="a" source-language="id" '
         'datatype="plaintext"><body><trans-unit id="u7"><target>x</target></trans-unit>'
         "</body></file></xliff>", "unit 'u7': no <source>"),
        (f'<xliff xmlns="{NS}" xmlns:al="{URN}" version="1.2"><file original="a" '
         'source-language="id" datatype="plaintext"><body><trans-unit id="u8" '
         'al:confidence="high"><source>a</source></trans-unit></body></file></xliff>',
         "unit 'u8': an al: attribute is not a number"),
    ],
)  # fmt: skip
def test_bad_xliff_is_one_line_naming_file_and_unit(tmp_path: Path, text: str, message: str):
    bad = tmp_path / "bad.xlf"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CorruptInputError) as caught:
        list(open_pairs(bad).pairs())
    assert str(caught.value).startswith(f"{bad}: ") and message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_entities_are_not_expanded_and_nothing_is_fetched(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    evil = tmp_path / "evil.xlf"
    evil.write_text(
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>'
        f'<xliff xmlns="{NS}" version="1.2"><file original="a" source-language="id" '
        'datatype="plaintext"><body><trans-unit id="u1"><source>&s;</source>'
        "<target>t</target></trans-unit></body></file></xliff>",
        encoding="utf-8",
    )
    (pair,) = open_pairs(evil).pairs()
    assert "SECRET" not in pair.source


def test_a_confirmed_pair_is_final_and_reads_back_confirmed(tmp_path: Path):
    from dataclasses import replace

    out = tmp_path / "confirmed.xlf"
    confident = replace(PAIRS[0], flags=frozenset({"confirmed"}))
    write_pairs([confident, PAIRS[2]], "xliff", out)
    assert_valid(out)
    units = list(lxml.etree.parse(str(out)).iter(_q("trans-unit")))
    assert [u.find(_q("target")).get("state") for u in units] == [
        "final",
        "needs-review-translation",
    ]
    back = list(open_pairs(out).pairs())
    assert back[0].flags == {"confirmed"} and back[1].flags == frozenset()


def test_an_xliff_from_another_tool_reads_with_its_inline_markup_as_text(tmp_path: Path):
    other = tmp_path / "omegat.xlf"
    other.write_text(
        f'<?xml version="1.0"?><xliff xmlns="{NS}" version="1.2"><file original="a.txt" '
        'source-language="id" target-language="en" datatype="plaintext"><body>'
        '<trans-unit id="1"><source>Harga <g id="b">beras</g> naik.</source>'
        '<target state="signed-off">Rice <g id="b">prices</g> rise.</target></trans-unit>'
        '<trans-unit id="2"><source>Belum.</source></trans-unit>'
        "</body></file></xliff>",
        encoding="utf-8",
    )
    first, second = open_pairs(other).pairs()
    assert (first.source, first.target) == ("Harga beras naik.", "Rice prices rise.")
    assert first.flags == {"confirmed"} and math.isnan(first.confidence)
    assert (first.source_ids, second.source_ids) == ((0,), (1,))
    assert second.target == "" and second.doc == "a.txt"
