"""A small hand-written Indonesian–English lexicon of common, domain-general words.

Used only by ``--no-mt`` style alignment evidence (see ``anchors.py``): a word of either
language that appears here is mapped to a *concept*, and a concept present on both sides of
a candidate bead counts like a shared anchor (weighted by its rarity in the document, so
frequent words weigh little). Like hunalign's dictionary, it does not need to be complete:
every entry is one more chance to tell a sentence's translation from its neighbours.

Each line is ``English forms: Indonesian forms``. English forms are matched after
lower-casing and removing a plural ``s``/``'s``; Indonesian forms after lower-casing and
removing the clitics ``-nya``/``-lah``/``-kah``. Irregular and affixed forms are listed.
"""

from __future__ import annotations

from functools import cache

_ENTRIES = """
say said says told tell tells stated saying: kata katanya mengatakan berkata ujar ujarnya
say: tutur tuturnya ucap ucapnya menyatakan dikatakan ungkap ungkapnya mengungkapkan
say: jelas menjelaskan tegas menegaskan
one: satu
two: dua kedua
three: tiga ketiga
four: empat keempat
five: lima kelima
six: enam
seven: tujuh
eight: delapan
nine: sembilan
ten: sepuluh
hundred hundreds: ratus ratusan seratus
thousand thousands: ribu ribuan seribu
million millions: juta jutaan
billion billions: miliar milyar
trillion: triliun
percent: persen
first: pertama
monday: senin
tuesday: selasa
wednesday: rabu
thursday: kamis
friday: jumat jum'at
saturday: sabtu
sunday: minggu
january: januari
february: februari
june: juni
july: juli
august: agustus
october: oktober
december: desember
year annual: tahun tahunan
month monthly: bulan
week weekend: pekan minggu
day daily: hari
hour hours o'clock: jam
minute: menit
morning: pagi
night evening tonight: malam
yesterday: kemarin
tomorrow: besok
america american: amerika
england english britain british uk: inggris
japan japanese: jepang
china chinese: cina tiongkok
germany german: jerman
france french: perancis prancis
netherlands dutch: belanda
russia russian: rusia
egypt egyptian: mesir
syria syrian: suriah
saudi: saudi
europe european: eropa
africa african: afrika
south southern: selatan
north northern: utara
west western: barat
east eastern: timur
central middle: tengah
java javanese: jawa
government governments: pemerintah pemerintahan
minister ministry: menteri kementerian
governor: gubernur
mayor: walikota wali
police policeman officer officers: polisi kepolisian polri polda polres aparat petugas
army military soldier troop: tentara militer tni prajurit pasukan
court: pengadilan mahkamah
judge: hakim
party: partai
election vote voter: pemilu pemilihan suara pemilih
parliament lawmaker legislator: dpr parlemen legislatif
people person public resident citizen community: orang rakyat masyarakat warga penduduk
country nation state: negara negeri bangsa
city town: kota
village: desa kampung
province provincial: provinsi
regency district: kabupaten kecamatan
road street: jalan jalanan
house home housing: rumah perumahan
school: sekolah
hospital: rumah sakit
sick ill illness disease: sakit penyakit
child children kid: anak anak-anak
woman women female girl: perempuan wanita putri
man men male boy: pria laki-laki putra
mother: ibu
father: ayah bapak
family: keluarga
victim: korban
patient: pasien
student: siswa pelajar murid mahasiswa
teacher: guru
doctor: dokter
player: pemain
coach: pelatih
team: tim
club: klub
die died dead death killed: meninggal tewas mati kematian wafat
kill killing killed: bunuh membunuh dibunuh pembunuhan
arrest arrested caught: tangkap ditangkap menangkap penangkapan
pay paid payment: bayar membayar dibayar pembayaran
buy bought purchase: beli membeli dibeli pembelian
sell sold sale: jual menjual dijual penjualan
build built construction development: bangun membangun dibangun pembangunan
know knew known: tahu mengetahui diketahui
see saw seen: lihat melihat dilihat
return back: kembali
open opened: buka membuka dibuka pembukaan
close closed: tutup menutup ditutup penutupan
start started begin began: mulai memulai dimulai
ask asked request: minta meminta diminta permintaan
help helped aid assistance: bantu membantu bantuan
work worked job worker: kerja bekerja pekerjaan pekerja karyawan buruh
eat food: makan makanan
water: air
fire: api kebakaran
flood flooded flooding: banjir
rain: hujan
earthquake quake: gempa
accident crash: kecelakaan
disaster: bencana
war: perang
attack attacked: serangan menyerang diserang
bomb bombing: bom
shoot shot gunfire: tembak menembak ditembak penembakan
weapon gun: senjata
money fund: uang dana
price: harga
cost: biaya
tax: pajak
economy economic: ekonomi perekonomian
company firm: perusahaan
market: pasar
trader vendor peddler: pedagang
oil: minyak
electricity: listrik
car vehicle: mobil kendaraan
train: kereta
plane aircraft flight: pesawat penerbangan
ship boat vessel: kapal perahu
airport: bandara
port: pelabuhan
river: sungai
sea: laut
island: pulau
mountain mount: gunung
forest: hutan
land: tanah lahan
bridge: jembatan
building: gedung bangunan
office: kantor
prison jail: penjara
law legal: hukum undang-undang
case: kasus perkara
corruption graft: korupsi
drug narcotic: narkoba narkotika obat
cigarette smoking smoker tobacco: rokok merokok perokok
health: kesehatan
cancer: kanker
research researcher study: penelitian peneliti riset studi kajian
scientist: ilmuwan
university: universitas
language: bahasa
book: buku
music: musik
song: lagu
sport: olahraga
football soccer: sepak bola
match game: pertandingan laga
win won victory winner: menang kemenangan memenangkan pemenang
lose lost defeat: kalah kekalahan
champion championship: juara kejuaraan
cup: piala
world: dunia
national: nasional
international: internasional
big large great: besar
small little: kecil
new: baru
high: tinggi
low: rendah
many much: banyak
all: semua seluruh
more: lebih
only: hanya
not no: tidak tak bukan belum
must should: harus wajib
want wanted: ingin mau
need needed: perlu membutuhkan
problem issue: masalah persoalan
decision: keputusan
plan planned: rencana berencana merencanakan
project: proyek
information: informasi
report reported: laporan melaporkan dilaporkan
news: berita kabar
journalist reporter: wartawan jurnalis
statement: pernyataan
security: keamanan
peace: perdamaian damai
refugee: pengungsi
protest protester demonstration demonstrator: demonstrasi demonstran
religion religious: agama
muslim islam islamic: muslim islam
mosque: masjid
church: gereja
president: presiden
leader: pemimpin
head chief: kepala ketua
member: anggota
meeting: pertemuan rapat
agreement deal: kesepakatan perjanjian
animal: hewan binatang
monkey: monyet kera
dog: anjing
bird: burung
tree: pohon
garden park: taman
flower: bunga
rice: beras padi
sun: matahari
earth: bumi
planet: planet
space: antariksa
internet online: internet daring
phone: telepon ponsel
computer: komputer
technology: teknologi
energy: energi
nuclear: nuklir
gold: emas
black: hitam
white: putih
red: merah
green: hijau
"""


# Case matters for these: "AS" is the United States but "as" is "as"; "May" the month.
_CASED_ENGLISH = {"US": "america", "U.S.": "america", "UN": "un", "May": "may", "March": "march"}
_CASED_INDONESIAN = {"AS": "america", "PBB": "un", "Mei": "may", "Maret": "march"}


@cache
def _tables() -> tuple[dict[str, str], dict[str, str]]:
    """English word -> concept and Indonesian word -> concept (the first entry wins)."""
    english: dict[str, str] = {}
    indonesian: dict[str, str] = {}
    for line in _ENTRIES.strip().splitlines():
        left, _, right = line.partition(":")
        words = left.split()
        concept = words[0]
        for word in words:
            english.setdefault(word, concept)
        for word in right.split():
            indonesian.setdefault(word, concept)
    return english, indonesian


def english_concept(word: str) -> str | None:
    """Concept of an English word, trying it without a plural ``s``."""
    if word in _CASED_ENGLISH:
        return _CASED_ENGLISH[word]
    word = word.lower()
    table = _tables()[0]
    if word in table:
        return table[word]
    if word.endswith("ies") and word[:-3] + "y" in table:
        return table[word[:-3] + "y"]
    if word.endswith("s") and not word.endswith("ss"):
        return table.get(word[:-1]) or table.get(word[:-2] if word.endswith("es") else "")
    return None


def indonesian_concept(word: str) -> str | None:
    """Concept of an Indonesian word, trying it without ``-nya``/``-lah``/``-kah``."""
    if word in _CASED_INDONESIAN:
        return _CASED_INDONESIAN[word]
    word = word.lower()
    table = _tables()[1]
    if word in table:
        return table[word]
    for clitic in ("nya", "lah", "kah"):
        if word.endswith(clitic) and len(word) > len(clitic) + 2:
            return table.get(word[: -len(clitic)])
    return None
