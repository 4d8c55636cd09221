"""Boilerplate and spam rules, as data: what scraped Indonesian news carries besides the news.

Each rule is a reason (the ``boilerplate:<reason>`` flag), a regular expression matched
against a whole sentence or corpus line, and what it is for. The text is prepared first
(:func:`aligner.clean.boilerplate.fold`): NFKD with combining marks removed, so a spammer's
``hongkonģ`` reads ``hongkong``; runs of spaces become one; case is ignored unless a rule
says otherwise (``(?-i:...)``).

Precision comes before recall: a real sentence flagged here is left out of the corpus. So
every pattern is anchored to a shape real sentences do not have (a label and a colon at the
start, a line that is nothing but a date or a URL, a list of names ending in
``berkontribusi``), and words that news *reports on* (``judi``, ``togel``, ``kasino``) count
as spam only next to the advertising words that come with them (``gacor``, ``malam ini``,
``daftar``, ``hk``/``sgp``). ``tests/test_clean_rules.py`` lists, for every rule, sentences
that must match and near-misses that must not; ``scripts/eval_boilerplate.py`` checks that
no line of news-valid.id matches.
"""

from __future__ import annotations

from typing import Final, NamedTuple

# Indonesian months and weekdays, full and short (the short ones with an optional period)
_MONTH: Final = (
    r"(?:januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|"
    r"desember|jan|feb|mar|apr|jun|jul|agu|agt|ags|sep|sept|okt|nov|des|"
    r"january|february|march|may|june|july|august|october|december|aug|oct|dec)\.?"
)
_WEEKDAY: Final = r"(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)"
_TIME: Final = r"\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:\s*(?:wib|wita|wit|utc|gmt))?"
_DATE: Final = (
    rf"(?:{_WEEKDAY},?\s*)?(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{1,2}}[/-]\d{{1,2}}[/-]\d{{2,4}})"
    rf"(?:\s*[,|-]?\s*(?:pukul\s+)?{_TIME})?"
)
# a capitalised name word, as in a byline (case matters here, hence (?-i:...))
_NAME: Final = r"(?-i:[A-Z][\w'’.-]*)"
# words that sell gambling, and the gambling words news also uses
_SPAM_ALWAYS: Final = (
    r"slot\s*gacor|gacor|maxwin|sbobet|pragmatic\s*play|situs\s+slot|agen\s+slot|"
    r"toto\s*macau|hongkong\s*pools|rtp\s+slot|"
    r"bocoran\s+(?:togel|slot|hk|sgp|sdy)|prediksi\s+(?:togel|hk|sgp|sdy)|"
    r"keluaran\s+(?:hk|sgp|sdy|togel)|(?:data|result|live\s+draw)\s+(?:hk|sgp|sdy)\b|"
    r"link\s+alternatif|daftar\s+(?:slot|togel|judi|sbobet)|(?:judi|casino|kasino|poker)\s+online\s+terpercaya"
)
_SPAM_WORD: Final = (
    r"togel|judi\s+(?:online|bola)|casino\s+online|poker\s+online|slot\s+online|"
    r"bandar\s+(?:togel|judi|slot|bola)"
)
# advertising words next to them; not "hari ini", "resmi", "daftar", "terbaru": news uses those
_SPAM_CUE: Final = (
    r"\b(?:terpercaya|deposit|bonus|jackpot|jitu|"
    r"hk|sgp|sdy|hongkong|singapore|sidney|sydney|macau|[234]d)\b"
)


class Rule(NamedTuple):
    """One boilerplate rule: the text matches when every pattern in ``patterns`` is found
    in it (``re.search``, case-insensitive). ``needs``: literal lower-case substrings one
    of which the folded text must contain before the patterns are tried (a cheap
    pre-check: the unanchored patterns are the slow ones)."""

    reason: str
    patterns: tuple[str, ...]
    what: str
    needs: tuple[str, ...] = ()


_SPAM_NEEDS: Final = (
    "slot", "gacor", "maxwin", "sbobet", "pragmatic", "toto", "pools", "bocoran", "prediksi",
    "keluaran", "data", "result", "live", "link", "daftar", "terpercaya", "bandar",
)  # fmt: skip

# the first rule that matches gives the reason
RULES: Final[tuple[Rule, ...]] = (
    Rule(
        "spam",
        (rf"\b(?:{_SPAM_ALWAYS})",),
        "gambling advertising words never seen in news",
        _SPAM_NEEDS,
    ),
    Rule(
        "spam",
        (rf"\b(?:{_SPAM_WORD})\b", _SPAM_CUE),
        "a gambling word news also uses (togel, judi online) with an advertising cue",
        ("togel", "judi", "online", "bandar"),
    ),
    Rule(
        "posted-by",
        (r"^(?:(?:posted\s+by|diposting\s+oleh|dipos\s+oleh|uploaded\s+by)\b|ditulis\s+oleh\s*:)",),
        "blog and CMS author lines (Posted By :, Diposting oleh)",
    ),
    Rule(
        "byline",
        (
            r"\sdi\s+(?-i:[A-Z])|^(?:penulis|wartawan|koresponden|associated\s+press|ap|reuters|afp)\b",
            r"^(?:(?:penulis|wartawan|koresponden)\s+)?(?:associated\s+press|ap|reuters|afp)?\s*"
            rf"(?:{_NAME}(?:\s+{_NAME})*(?:,?\s+(?:dan|serta|di|dari)\s+|,\s*))+{_NAME}(?:\s+{_NAME})*"
            r",?\s+(?:turut\s+)?berkontribusi(?:\s+(?:untuk|pada|dalam|terhadap)\s+"
            r"(?:laporan|berita|artikel|tulisan)\s+(?:ini|tersebut))?\s*\.?$",
        ),
        "agency bylines: names and places ('… di Washington') ending in 'berkontribusi'",
        ("berkontribusi",),
    ),
    Rule(
        "credit",
        (
            r"^(?:penulis|editor|reporter|pewarta|wartawan|sumber|foto|kontributor|penyunting|"
            r"redaktur|fotografer|ilustrasi|video|grafis|teks)\s*:\s*\S[^.!?]{0,80}[.]?$",
        ),
        "credit labels: 'Penulis: …', 'Editor: …', 'Sumber: …' (a short line, one label)",
        (":",),
    ),
    Rule(
        "credit",
        (r"^\(\s*[a-z]{2,6}(?:\s*/\s*[a-z]{2,6})*\s*\)$",),
        "agency and editor codes alone: (ant), (dtk/jpr)",
        ("(",),
    ),
    Rule(
        "read-also",
        (
            r"^(?:baca|simak|lihat|tonton|klik)\s+(?:juga|pula|lainnya|berita\s+lainnya)\s*:|"
            r"^(?-i:BACA JUGA|SIMAK JUGA|LIHAT JUGA)\b|^baca\s+selengkapnya\b|^selengkapnya\s*:",
        ),
        "'Baca juga:' / 'Simak juga:' links, 'Baca selengkapnya'",
    ),
    Rule(
        "share",
        (
            r"^(?:bagikan|share)(?:\s+(?:artikel|berita|ini|ke|via))*\s*:?\s*"
            r"(?:(?:facebook|twitter|whatsapp|telegram|line|linkedin|email|x)\b[\s,|/]*)*$|"
            r"^(?:ikuti|follow)\b.{0,40}\b(?:instagram|twitter|facebook|google\s+news|telegram|"
            r"tiktok|youtube|whatsapp\s+channel)\b.{0,20}$",
        ),
        "share prompts and follow-us lines",
    ),
    Rule(
        "tags",
        (r"^(?:kata\s+kunci|tags?|topik|label)\s*:",),
        "keyword and tag lists ('Kata kunci: …')",
    ),
    Rule(
        "copyright",
        (
            r"^\s*(?:copyright\b|©|\(c\)\s*\d{4})|\ball\s+rights\s+reserved\b|"
            r"\bhak\s+cipta\s+dilindungi\b",
        ),
        "copyright lines",
        ("copyright", "©", "(c)", "rights", "cipta"),
    ),
    Rule(
        "dateline",
        (rf"^(?:(?-i:[A-Z][\w.-]+)(?:\s+(?-i:[A-Z][\w.-]+))*\s*,\s*)?{_DATE}\s*[-–—]?$",),
        "a date (or place and date) alone on a line",
    ),
    Rule("url", (r"^\s*(?:https?://|www\.)\S+\s*$",), "a line that is only a URL"),
)
