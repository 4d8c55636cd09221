"""Abbreviations the sentence segmenter must know, as data, by language and category.

Each entry is written with its final period as it appears in text. Lower-case and
capitalised variants (``jl.``, ``Jl.``) are derived in :func:`table`; all-caps spellings
are listed where they occur (``JL.``), because an all-caps word is usually an acronym.

How a period after an abbreviation is treated depends on its category:

* ``NEVER_ENDS`` — titles, ranks, address words, company prefixes, money: they stand
  *before* a name or a number, so a sentence cannot end on them (``Prof. Budi``,
  ``Jl. Sudirman``, ``PT. Maju``, ``Rp. 5.000``). The period never ends a sentence.
* ``BEFORE_NUMBER`` — words normally followed by a number (``No. 5``, ``12 Jan. 2022``,
  ``Kav. 52``). The period does not end a sentence before a digit; before a capital it
  does, so ``He said no. Then…`` still splits.
* ``CAN_END`` — abbreviations that often close a sentence (``dll.``, ``dsb.``, ``dkk.``,
  ``tsb.``, ``Tbk.``, degrees such as ``S.H.``, ``Inc.``, ``etc.``). The period continues
  the sentence before a lower-case word and ends it before a capital.

Because case variants are derived, a spelling that is also an ordinary word that can end
a sentence (``kota.``, ``sel.``, ``bu.``) is *not* listed as ``NEVER_ENDS``; words that
are common only before numbers (``hal. 5``, ``no. 7``) are ``BEFORE_NUMBER``, which is safe.

All-caps acronyms written without periods (AS, RT, DPR, BBC, NATO) are deliberately
*not* listed: a period after them is an ordinary full stop.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final, Literal

Category = Literal["never", "number", "can_end"]

NEVER_ENDS: Final = "never"
BEFORE_NUMBER: Final = "number"
CAN_END: Final = "can_end"

# --------------------------------------------------------------------------- Indonesian
_ID_NEVER_ENDS: Final[dict[str, str]] = {
    # Titles and forms of address, written before a name.
    "Prof.": "profesor",
    "Dr.": "doktor",
    "dr.": "dokter (medical doctor)",
    "drg.": "dokter gigi",
    "drh.": "dokter hewan",
    "Ir.": "insinyur",
    "Drs.": "doktorandus",
    "Dra.": "doktoranda",
    "H.": "haji",
    "Hj.": "hajah",
    "K.H.": "kiai haji",
    "KH.": "kiai haji",
    "Bpk.": "bapak",
    "Bp.": "bapak",
    "Sdr.": "saudara",
    "Sdri.": "saudari",
    "Yth.": "yang terhormat",
    "Tn.": "tuan",
    "Ny.": "nyonya",
    "Nn.": "nona",
    "St.": "sutan / santo",
    "Pdt.": "pendeta",
    "Mr.": "mister (in Indonesian text too)",
    "Mrs.": "missus",
    "Ms.": "miz",
    "Tgk.": "teungku (Aceh)",
    "Ust.": "ustaz",
    "Ustz.": "ustazah",
    # Shortened given names, written before the rest of the name (Moh. Mahfud).
    "Moh.": "Mohammad",
    "Mohd.": "Mohammad",
    "Moch.": "Mochammad",
    "Muh.": "Muhammad",
    "Mhd.": "Muhammad",
    "Abd.": "Abdul",
    "Hs.": "hadis",
    "Rd.": "raden",
    "RA.": "raden ajeng",
    "RM.": "raden mas",
    # Military and police ranks, and the police marker Pol. (``Brigjen Pol. Budi``).
    "Jend.": "jenderal",
    "Jen.": "jenderal",
    "Letjen.": "letnan jenderal",
    "Mayjen.": "mayor jenderal",
    "Brigjen.": "brigadir jenderal",
    "Laks.": "laksamana",
    "Kol.": "kolonel",
    "Letkol.": "letnan kolonel",
    "Kapt.": "kapten",
    "Lettu.": "letnan satu",
    "Letda.": "letnan dua",
    "Serka.": "sersan kepala",
    "Sertu.": "sersan satu",
    "Pol.": "polisi (after a rank: AKBP Pol.)",
    "Purn.": "purnawirawan",
    "Komjen.": "komisaris jenderal",
    "Irjen.": "inspektur jenderal",
    "Kombes.": "komisaris besar",
    "Insp.": "inspektur",
    # Addresses and places, written before a name.
    "Jl.": "jalan",
    "Jln.": "jalan",
    "JL.": "jalan (all caps)",
    "Gg.": "gang",
    "Kel.": "kelurahan",
    "Kec.": "kecamatan",
    "Kab.": "kabupaten",
    "Prov.": "provinsi",
    "Ds.": "desa",
    "Kp.": "kampung",
    "Perum.": "perumahan",
    "Komp.": "kompleks",
    "Bdg.": "bandung",
    # Companies and organisations, written before a name.
    "PT.": "perseroan terbatas",
    "CV.": "commanditaire vennootschap",
    "UD.": "usaha dagang",
    "Fa.": "firma",
    "Yay.": "yayasan",
    "Kop.": "koperasi",
    # Money, written before an amount.
    "Rp.": "rupiah",
    "US$.": "dolar AS",
    # Latin and scholarly shorthand that stands inside a sentence.
    "a.n.": "atas nama",
    "u.p.": "untuk perhatian",
    "d.a.": "dengan alamat",
    "s.d.": "sampai dengan",
    "u.b.": "untuk beliau",
    "an.": "atas nama",
    "yg.": "yang",
    "dg.": "dengan",
    "dgn.": "dengan",
    "utk.": "untuk",
    "sbg.": "sebagai",
    "spt.": "seperti",
    "krn.": "karena",
    "tgl.": "tanggal",
    "thn.": "tahun",
    "ttg.": "tentang",
    "kpd.": "kepada",
    "pd.": "pada",
    "a.l.": "antara lain",
    "cq.": "casu quo",
    "vs.": "versus",
    "lih.": "lihat",
    "bdk.": "bandingkan",
    "sda.": "sama dengan di atas",
    "ybs.": "yang bersangkutan",
}

_ID_BEFORE_NUMBER: Final[dict[str, str]] = {
    # References, numbering and contacts, written before a number.
    "No.": "nomor",
    "Nmr.": "nomor",
    "Nom.": "nomor",
    "Tel.": "telepon",
    "Telp.": "telepon",
    "Tlp.": "telepon",
    "HP.": "handphone",
    "Fax.": "faksimile",
    "Faks.": "faksimile",
    "Kav.": "kaveling",
    "Hal.": "halaman",
    "hlm.": "halaman",
    "Bab.": "bab",
    "Ps.": "pasal",
    "Psl.": "pasal",
    "Ay.": "ayat",
    "Vol.": "volume",
    "Ed.": "edisi",
    "Kep.": "keputusan (Kep. 12/2020)",
    "Kepmen.": "keputusan menteri",
    "Permen.": "peraturan menteri",
    "RT.": "rukun tetangga (RT. 05)",
    "RW.": "rukun warga (RW. 03)",
    "Km.": "kilometer",
    "km.": "kilometer",
    "Kg.": "kilogram",
    "kg.": "kilogram",
    "Pk.": "pukul",
    "pk.": "pukul",
    # Months (``12 Jan. 2022``, ``Agt. 17``).
    "Jan.": "Januari",
    "Feb.": "Februari",
    "Peb.": "Pebruari",
    "Mar.": "Maret",
    "Apr.": "April",
    "Jun.": "Juni",
    "Jul.": "Juli",
    "Agt.": "Agustus",
    "Agu.": "Agustus",
    "Agst.": "Agustus",
    "Ags.": "Agustus",
    "Sep.": "September",
    "Sept.": "September",
    "Okt.": "Oktober",
    "Nop.": "Nopember",
    "Nov.": "November",
    "Des.": "Desember",
}

_ID_CAN_END: Final[dict[str, str]] = {
    # Lists closed by "and so on": end a sentence before a capital.
    "dll.": "dan lain-lain",
    "dsb.": "dan sebagainya",
    "dst.": "dan seterusnya",
    "dkk.": "dan kawan-kawan",
    "tsb.": "tersebut",
    "dlsb.": "dan lain sebagainya",
    # Company suffixes, written after a name.
    "Tbk.": "terbuka (listed company)",
    "Persero.": "persero",
    "Ltd.": "limited",
    "Inc.": "incorporated",
    "Co.": "company",
    "Corp.": "corporation",
    # Academic degrees, written after a name (``Budi Santoso, S.H.``).
    "S.H.": "sarjana hukum",
    "M.H.": "magister hukum",
    "S.E.": "sarjana ekonomi",
    "M.E.": "magister ekonomi",
    "S.T.": "sarjana teknik",
    "M.T.": "magister teknik",
    "S.Si.": "sarjana sains",
    "M.Si.": "magister sains",
    "S.Sos.": "sarjana sosial",
    "S.Pd.": "sarjana pendidikan",
    "M.Pd.": "magister pendidikan",
    "S.Kom.": "sarjana komputer",
    "M.Kom.": "magister komputer",
    "S.Ag.": "sarjana agama",
    "M.Ag.": "magister agama",
    "S.Ked.": "sarjana kedokteran",
    "S.Psi.": "sarjana psikologi",
    "S.Hum.": "sarjana humaniora",
    "S.Kep.": "sarjana keperawatan",
    "S.Farm.": "sarjana farmasi",
    "S.I.K.": "sarjana ilmu kepolisian",
    "S.IP.": "sarjana ilmu politik",
    "S.Ip.": "sarjana ilmu politik",
    "S.Ikom.": "sarjana ilmu komunikasi",
    "M.M.": "magister manajemen",
    "M.A.": "master of arts",
    "M.Sc.": "master of science",
    "B.Sc.": "bachelor of science",
    "MBA.": "master of business administration",
    "Ph.D.": "doctor of philosophy",
    "Sp.A.": "spesialis anak",
    "Sp.B.": "spesialis bedah",
    "Sp.PD.": "spesialis penyakit dalam",
    "Sp.OG.": "spesialis obstetri dan ginekologi",
    "Sp.M.": "spesialis mata",
    "Sp.JP.": "spesialis jantung dan pembuluh darah",
    "Sp.KJ.": "spesialis kedokteran jiwa",
    "Sp.THT.": "spesialis THT",
    "Sp.S.": "spesialis saraf",
    "Sp.P.": "spesialis paru",
    "Sp.Rad.": "spesialis radiologi",
    "Sp.An.": "spesialis anestesi",
    "Sp.KK.": "spesialis kulit dan kelamin",
    "M.Kes.": "magister kesehatan",
    "SKM.": "sarjana kesehatan masyarakat",
    "Lc.": "licence (al-Azhar)",
    "MA.": "magister agama / master of arts",
    "Ak.": "akuntan",
    "CA.": "chartered accountant",
    # Jr./Sr. after a name.
    "Jr.": "junior",
    "Sr.": "senior",
}

# --------------------------------------------------------------------------- English
_EN_NEVER_ENDS: Final[dict[str, str]] = {
    # Titles and forms of address, written before a name.
    "Mr.": "mister",
    "Mrs.": "missus",
    "Ms.": "miz",
    "Messrs.": "messieurs",
    "Dr.": "doctor",
    "Prof.": "professor",
    "Rev.": "reverend",
    "Fr.": "father",
    "Hon.": "honourable",
    "Pres.": "president",
    "Gov.": "governor",
    "Sen.": "senator",
    "Rep.": "representative",
    "Amb.": "ambassador",
    "Supt.": "superintendent",
    "Insp.": "inspector",
    "Det.": "detective",
    "Atty.": "attorney",
    "St.": "saint",
    "Mt.": "mount",
    "Ft.": "fort",
    "Pt.": "point",
    # Military and police ranks (Indonesian police ranks in English news: Comr., Adj.).
    "Gen.": "general",
    "Comr.": "commissioner",
    "Adj.": "adjunct (Adj. Comr.)",
    "Lt.": "lieutenant",
    "Col.": "colonel",
    "Maj.": "major",
    "Capt.": "captain",
    "Cmdr.": "commander",
    "Adm.": "admiral",
    "Sgt.": "sergeant",
    "Cpl.": "corporal",
    "Pvt.": "private",
    "Brig.": "brigadier",
    # Indonesian address words kept in English translations ("on Jl. Sudirman").
    "Jl.": "jalan (street)",
    "Jln.": "jalan (street)",
    "Gg.": "gang (alley)",
    "Kel.": "kelurahan",
    "Kec.": "kecamatan",
    "Kab.": "kabupaten",
    # Latin shorthand that stands inside a sentence.
    "e.g.": "for example",
    "i.e.": "that is",
    "cf.": "compare",
    "vs.": "versus",
    "viz.": "namely",
    "approx.": "approximately",
    "est.": "established / estimated",
    "ca.": "circa",
    # Money written before an amount.
    "Rp.": "rupiah",
}

_EN_BEFORE_NUMBER: Final[dict[str, str]] = {
    # References and numbering.
    "No.": "number",
    "Nos.": "numbers",
    "Vol.": "volume",
    "Fig.": "figure",
    "Ch.": "chapter",
    "Sec.": "section",
    "Art.": "article",
    "p.": "page",
    "pp.": "pages",
    "Ed.": "edition",
    "Tel.": "telephone",
    "Apt.": "apartment",
    "Kav.": "kaveling (lot)",
    "Rte.": "route",
    # Months (``Jan. 5``; May, June and July are not abbreviated).
    "Jan.": "January",
    "Feb.": "February",
    "Mar.": "March",
    "Apr.": "April",
    "Jun.": "June",
    "Jul.": "July",
    "Aug.": "August",
    "Sep.": "September",
    "Sept.": "September",
    "Oct.": "October",
    "Nov.": "November",
    "Dec.": "December",
}

_EN_CAN_END: Final[dict[str, str]] = {
    # Closing shorthand.
    "etc.": "et cetera",
    "al.": "et al.",
    "a.m.": "ante meridiem",
    "p.m.": "post meridiem",
    # Company suffixes, written after a name.
    "Inc.": "incorporated",
    "Ltd.": "limited",
    "Co.": "company",
    "Corp.": "corporation",
    "Bros.": "brothers",
    "LLC.": "limited liability company",
    "plc.": "public limited company",
    # After a name.
    "Jr.": "junior",
    "Sr.": "senior",
    "Esq.": "esquire",
    "Ph.D.": "doctor of philosophy",
    "M.D.": "doctor of medicine",
    "B.A.": "bachelor of arts",
    "M.A.": "master of arts",
    # Street words after a name.
    "Ave.": "avenue",
    "Blvd.": "boulevard",
    "Rd.": "road",
    "Ln.": "lane",
}


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that usually start a sentence. After an initial or a dotted
# initialism (``Joko S. Widodo`` vs ``tim A. Mereka``; ``the U.S. Army`` vs
# ``in the U.S. The``) they decide for a sentence end.
_ID_STARTERS: Final = _words(
    """Ia Dia Mereka Kami Kita Saya Aku Anda Beliau Ini Itu Hal Namun Tetapi Tapi
    Dan Sedangkan Sementara Selain Sebelumnya Kemudian Setelah Sejak Saat Ketika Menurut
    Dalam Pada Di Ke Dari Untuk Bagi Dengan Karena Jika Kalau Bila Meski Meskipun
    Walaupun Adapun Akibatnya Oleh Jadi Maka Pihaknya Sebab Selanjutnya Lalu Juga Hingga
    Sampai Bahkan Apalagi Yang Para Sebuah Seorang Semua Tidak Belum Sudah Akan"""
)
_EN_STARTERS: Final = _words(
    """The A An He She It They We I You This That These Those There Its His Her Their
    Our But And Or So In On At As For From If When While After Before Since Although
    However Meanwhile Many Some Most Officials Police"""
)


def _variants(form: str) -> set[str]:
    # One spelling stands for its lower-case and capitalised variants ("Jl." -> "jl.",
    # "dll." -> "Dll."), never its all-caps one: "BPK.", "SDA.", "SPT.", "MS." are
    # acronyms that end sentences, not "Bpk.", "sda.", "spt.", "Ms.".
    return {form, form.lower(), form[:1].upper() + form[1:]}


def _build(*tables: tuple[dict[str, str], Category]) -> MappingProxyType[str, Category]:
    mapping: dict[str, Category] = {}
    for table_, category in tables:  # later tables do not override earlier spellings
        for form in table_:
            for variant in _variants(form):
                mapping.setdefault(variant, category)
    for table_, category in tables:  # the exact listed spelling always wins
        for form in table_:
            mapping[form] = category
    return MappingProxyType(mapping)


_TABLES: Final = {
    "id": _build(
        (_ID_NEVER_ENDS, NEVER_ENDS), (_ID_BEFORE_NUMBER, BEFORE_NUMBER), (_ID_CAN_END, CAN_END)
    ),
    "en": _build(
        (_EN_NEVER_ENDS, NEVER_ENDS), (_EN_BEFORE_NUMBER, BEFORE_NUMBER), (_EN_CAN_END, CAN_END)
    ),
}
_STARTERS: Final = {"id": _ID_STARTERS, "en": _EN_STARTERS}

LANGUAGES: Final = tuple(_TABLES)


def table(lang: str) -> MappingProxyType[str, Category]:
    """Abbreviation (with its final period, case variants included) -> category."""
    return _TABLES[lang]


def starters(lang: str) -> frozenset[str]:
    """Capitalised words that usually begin a sentence in ``lang``."""
    return _STARTERS[lang]
