"""Detect and decode the encodings Vietnamese spreadsheets and CSV files actually come in.

- UTF-8 (with or without BOM) and UTF-16 (BOM, or BOM-less LE/BE told apart by where the
  NUL bytes of ASCII characters fall);
- Windows-1258 (Python's `cp1258`, which writes tones as combining marks: normalised NFC);
- the legacy *font* encodings, for which Python has no codec, so the tables are here:

  * **TCVN3 (ABC, TCVN 5712:1993 "VN3")**: one byte per letter, read with the .VnTime
    fonts. The single-byte set has the lower-case letters with every tone and only seven
    plain capitals (Ă Â Ê Ô Ơ Ư Đ); toned capitals were typed with the all-capitals fonts
    (.VnTimeH), which draw the *lower-case* bytes as capitals. So a toned capital such as
    "Ấ" has no byte of its own: `encode_legacy` writes its lower-case byte and decoding
    gives "ấ" back (documented loss, tested). Every other letter round-trips.
  * **VNI (VNI-Windows)**: a base letter followed by a byte for its diacritics, the bytes
    read as Windows-1252 characters ("Vieät Nam"); ơ ư đ ỉ ĩ ị ỵ and their capitals are
    single bytes. Every Vietnamese letter, capital or not, round-trips.

`decode_legacy` accepts bytes or text already read as Windows-1252 (what an Excel cell
typed in a .VnTime or VNI font holds). Every decoded text is NFC.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

from hientai.exchange.errors import ImportFileError

UTF8 = "utf-8"
UTF8_SIG = "utf-8-sig"
UTF16 = "utf-16"
UTF16_LE = "utf-16-le"
UTF16_BE = "utf-16-be"
CP1258 = "cp1258"
TCVN3 = "tcvn3"
VNI = "vni"
LEGACY = (CP1258, TCVN3, VNI)
ENCODINGS = (UTF8, UTF8_SIG, UTF16, UTF16_LE, UTF16_BE, CP1258, TCVN3, VNI)

# Names officers may type for --encoding.
_ALIASES = {
    "utf8": UTF8,
    "utf-8": UTF8,
    "utf_8": UTF8,
    "utf-8-sig": UTF8_SIG,
    "utf8-sig": UTF8_SIG,
    "utf-8-bom": UTF8_SIG,
    "utf16": UTF16,
    "utf-16": UTF16,
    "utf-16le": UTF16_LE,
    "utf-16-le": UTF16_LE,
    "utf-16be": UTF16_BE,
    "utf-16-be": UTF16_BE,
    "cp1258": CP1258,
    "windows-1258": CP1258,
    "windows1258": CP1258,
    "win1258": CP1258,
    "tcvn3": TCVN3,
    "tcvn": TCVN3,
    "abc": TCVN3,
    "tcvn3-abc": TCVN3,
    "vn3": TCVN3,
    "vni": VNI,
    "vni-windows": VNI,
    "vni_windows": VNI,
}

_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
_TONE_SET = frozenset(_TONES[1:])
_BASES = "aăâeêioôơuưy"


def _toned(base: str, tone: str) -> str:
    return unicodedata.normalize("NFC", base + tone)


def vietnamese_letters() -> list[str]:
    """Every Vietnamese letter outside ASCII, lower and upper case (134 letters)."""
    letters = []
    for base in _BASES:
        for tone in _TONES:
            letter = _toned(base, tone)
            if letter != base or base not in "aeiouy":
                letters.append(letter)
    letters.append("đ")
    letters += [letter.upper() for letter in letters]
    return letters


VIETNAMESE_LETTERS = frozenset(vietnamese_letters())

# --------------------------------------------------------------------------- TCVN3

# byte -> letter for the lower-case letters, by vowel in the order none (if any),
# huyền, hỏi, ngã, sắc, nặng.
_TCVN3_TONED = {
    "a": (0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
_TCVN3_PLAIN = {
    0xA1: "Ă",
    0xA2: "Â",
    0xA3: "Ê",
    0xA4: "Ô",
    0xA5: "Ơ",
    0xA6: "Ư",
    0xA7: "Đ",
    0xA8: "ă",
    0xA9: "â",
    0xAA: "ê",
    0xAB: "ô",
    0xAC: "ơ",
    0xAD: "ư",
    0xAE: "đ",
}


def _cp1252_char(byte: int) -> str:
    """The character a byte shows in Windows-1252 (Latin-1 for its five holes)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


_TCVN3_DECODE: dict[int, str] = dict(_TCVN3_PLAIN)
for _base, _codes in _TCVN3_TONED.items():
    for _tone, _byte in zip(_TONES[1:], _codes, strict=True):
        _TCVN3_DECODE[_byte] = _toned(_base, _tone)
_TCVN3_TABLE = "".join(
    _TCVN3_DECODE.get(byte, chr(byte) if byte < 0x80 else _cp1252_char(byte)) for byte in range(256)
)
_TCVN3_ENCODE: dict[str, int] = {}
for _byte, _char in enumerate(_TCVN3_TABLE):
    _TCVN3_ENCODE.setdefault(_char, _byte)
# Toned capitals have no byte: the lower-case byte (drawn as a capital by .VnTimeH).
for _char in list(_TCVN3_ENCODE):
    if (
        _char.upper() != _char
        and _char.upper() not in _TCVN3_ENCODE
        and _TCVN3_ENCODE[_char] >= 0x80
    ):
        _TCVN3_ENCODE[_char.upper()] = _TCVN3_ENCODE[_char]
# Text read as Windows-1252 (an Excel cell in a .VnTime font) -> Vietnamese.
_TCVN3_FROM_CP1252 = {
    ord(_cp1252_char(byte)): _TCVN3_DECODE[byte] for byte in _TCVN3_DECODE if byte >= 0x80
}
TCVN3_CAPITALS_WITHOUT_BYTE = frozenset(
    c for c in VIETNAMESE_LETTERS if c.isupper() and c not in _TCVN3_PLAIN.values()
)

# --------------------------------------------------------------------------- VNI

# Diacritic bytes (as Windows-1252 characters), lower-case forms; capitals use the
# upper-case character of the same key.
_VNI_TONE = {"\u0301": "ù", "\u0300": "ø", "\u0309": "û", "\u0303": "õ", "\u0323": "ï"}
_VNI_CIRCUMFLEX = {
    "": "â",
    "\u0301": "á",
    "\u0300": "à",
    "\u0309": "å",
    "\u0303": "ã",
    "\u0323": "ä",
}
_VNI_BREVE = {"": "ê", "\u0301": "é", "\u0300": "è", "\u0309": "ú", "\u0303": "ü", "\u0323": "ë"}
# Letters that are one byte in VNI.
_VNI_SINGLE = {
    "ơ": "ô",
    "ư": "ö",
    "đ": "ñ",
    "í": "í",
    "ì": "ì",
    "ỉ": "æ",
    "ĩ": "ó",
    "ị": "ò",
    "ỵ": "î",
}


def _vni_sequence(letter: str) -> str | None:
    """The VNI (Windows-1252 text) spelling of one lower-case Vietnamese letter."""
    if letter in _VNI_SINGLE:
        return _VNI_SINGLE[letter]
    decomposed = unicodedata.normalize("NFD", letter)
    tone = next((mark for mark in decomposed if mark in _TONE_SET), "")
    shape = unicodedata.normalize("NFC", decomposed.replace(tone, "") if tone else decomposed)
    if shape in ("ơ", "ư"):  # a single byte, then the tone
        return _VNI_SINGLE[shape] + _VNI_TONE[tone] if tone else _VNI_SINGLE[shape]
    if shape in ("â", "ê", "ô"):
        return (
            shape[0].translate({ord("â"): "a", ord("ê"): "e", ord("ô"): "o"})
            + (_VNI_CIRCUMFLEX[tone])
        )
    if shape == "ă":
        return "a" + _VNI_BREVE[tone]
    if shape in "aeiouy" and tone:
        return shape + _VNI_TONE[tone]
    return None


_VNI_ENCODE: dict[str, str] = {}
for _letter in vietnamese_letters():
    if _letter.islower():
        _sequence = _vni_sequence(_letter)
        assert _sequence is not None, _letter
        _VNI_ENCODE[_letter] = _sequence
        _VNI_ENCODE[_letter.upper()] = _sequence.upper()
_VNI_DECODE = {sequence: letter for letter, sequence in _VNI_ENCODE.items()}
# Mixed case as typed: a capital base with a lower-case diacritic byte ("Aù") and back.
for _sequence, _letter in list(_VNI_DECODE.items()):
    if len(_sequence) == 2:
        _VNI_DECODE.setdefault(_sequence[0] + _sequence[1].swapcase(), _letter)
_VNI_ALL = {s: letter for s, letter in _VNI_DECODE.items()}
# One pass, pairs before single bytes: a decoded "ô" must not be read again as ơ.
_VNI_RE = re.compile("|".join(map(re.escape, sorted(_VNI_ALL, key=len, reverse=True))))
_VNI_ENCODE_TABLE = {ord(letter): sequence for letter, sequence in _VNI_ENCODE.items()}


def _cp1252_text(data: bytes) -> str:
    return data.decode("cp1252", errors="surrogateescape").translate(_CP1252_HOLES)


# Bytes Windows-1252 leaves undefined (surrogate-escaped): read as Latin-1.
_CP1252_HOLES = {0xDC00 + b: chr(b) for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}


def _decode_vni_text(text: str) -> str:
    return _VNI_RE.sub(lambda match: _VNI_ALL[match.group()], text)


def decode_legacy(data: bytes | str, encoding: str) -> str:
    """TCVN3 or VNI (or cp1258) bytes, or text read as Windows-1252, to Unicode NFC."""
    encoding = normalize_name(encoding)
    if encoding == TCVN3:
        if isinstance(data, str):
            text = data.translate(_TCVN3_FROM_CP1252)
        else:
            text = codecs.charmap_decode(data, "strict", _TCVN3_TABLE)[0]
        return unicodedata.normalize("NFC", text)
    if encoding == VNI:
        text = data if isinstance(data, str) else _cp1252_text(data)
        return unicodedata.normalize("NFC", _decode_vni_text(text))
    if encoding == CP1258:
        text = data if isinstance(data, str) else data.decode(CP1258, errors="replace")
        return unicodedata.normalize("NFC", text)
    raise ValueError(f"not a legacy encoding: {encoding}")


def encode_legacy(text: str, encoding: str) -> bytes:
    """Unicode text to TCVN3, VNI or cp1258 bytes (to make files as officers have them).

    TCVN3 writes a toned capital with its lower-case byte (the format has no other);
    characters the target cannot hold raise UnicodeEncodeError."""
    encoding = normalize_name(encoding)
    text = unicodedata.normalize("NFC", text)
    if encoding == TCVN3:
        out = bytearray()
        for position, char in enumerate(text):
            byte = _TCVN3_ENCODE.get(char)
            if byte is None:
                raise UnicodeEncodeError(TCVN3, text, position, position + 1, "no TCVN3 byte")
            out.append(byte)
        return bytes(out)
    if encoding == VNI:
        return text.translate(_VNI_ENCODE_TABLE).encode("cp1252")
    if encoding == CP1258:
        return "".join(_cp1258_spelling(char) for char in text).encode(CP1258)
    raise ValueError(f"not a legacy encoding: {encoding}")


def _cp1258_spelling(char: str) -> str:
    """cp1258 has the shaped letters (â ơ ư đ...) and five combining tones."""
    try:
        char.encode(CP1258)
        return char
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(mark for mark in decomposed if mark in _TONE_SET)
        shape = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONE_SET))
        return shape + tone


def normalize_name(name: str) -> str:
    """'Windows-1258' -> 'cp1258', 'VNI-Windows' -> 'vni'; unknown names raise ImportFileError."""
    key = name.strip().lower().replace(" ", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    raise ImportFileError(
        _("Unknown encoding '%(name)s'. Use one of: %(names)s.")
        % {"name": name, "names": "utf-8, utf-16, cp1258, tcvn3, vni"}
    )


def decode_bytes(data: bytes, encoding: str) -> str:
    """Decode a whole text in `encoding` (one of ENCODINGS) to NFC."""
    if encoding in (TCVN3, VNI):
        return decode_legacy(data, encoding)
    text = data.decode(encoding, errors="strict")
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def line_decoder(encoding: str):
    """A function bytes-line -> NFC text for the single-byte-line encodings."""
    if encoding == TCVN3:
        table = _TCVN3_TABLE
        normalize = unicodedata.normalize
        return lambda line: normalize("NFC", codecs.charmap_decode(line, "strict", table)[0])
    if encoding == VNI:
        return lambda line: unicodedata.normalize("NFC", _decode_vni_text(_cp1252_text(line)))
    if encoding == CP1258:
        return lambda line: unicodedata.normalize("NFC", line.decode(CP1258, errors="replace"))
    return lambda line: decode_bytes(line, encoding)


# --------------------------------------------------------------------------- scoring

_ONSET = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = (
    "uyê|uya|uyu|ươi|ươu|uôi|iêu|yêu|oai|oay|oao|oeo|uây|uêu|"
    "ai|ao|au|ay|âu|ây|eo|êu|ia|iê|yê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ|uê|ui|uô|ươ|ưa|ưi|ưu|uy|uơ|"
    "a|ă|â|e|ê|i|y|o|ô|ơ|u|ư"
)
_CODA = "ch|nh|ng|c|m|n|p|t"
_SYLLABLE = re.compile(rf"(?:{_ONSET})?(?:{_NUCLEUS})(?:{_CODA})?")
_WORD = re.compile(r"[^\W\d_]+")
_STRIP_TONES = {ord(m): None for m in _TONE_SET}


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(decomposed.count(mark) for mark in _TONE_SET) > 1:
        return False
    shape = unicodedata.normalize("NFC", decomposed.translate(_STRIP_TONES))
    return _SYLLABLE.fullmatch(shape) is not None


def vietnamese_score(text: str) -> tuple[float, int]:
    """(fraction, count) of the words with non-ASCII letters that are Vietnamese syllables.

    Text decoded in the wrong encoding gives words like 'NguyÔn' or 'Vieät' that no
    syllable spells; the right encoding gives 'Nguyễn', 'Việt'."""
    good = total = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        total += 1
        if _is_syllable(word):
            good += 1
    return (good / total if total else 0.0), good


def _utf16_without_bom(sample: bytes) -> str | None:
    """ASCII-heavy UTF-16 has a NUL in every other byte: even positions for BE, odd for LE."""
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return UTF16_LE
    if even > 0.3 * half and odd < 0.05 * half:
        return UTF16_BE
    return None


def detect_encoding(data: bytes) -> str:
    """The encoding of a sample of a text file: BOMs, UTF-16 NUL patterns, valid UTF-8,
    then the legacy candidate whose decoding reads most like Vietnamese."""
    if data.startswith(codecs.BOM_UTF8):
        return UTF8_SIG
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return UTF16
    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return utf16
    try:
        data.decode(UTF8)
        return UTF8
    except UnicodeDecodeError as error:
        # A sample cut in the middle of a character is still UTF-8.
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return UTF8
    return best_legacy(data)


def best_legacy(data: bytes) -> str:
    """cp1258, TCVN3 or VNI: the one whose text has the most Vietnamese syllables."""
    scored = []
    for encoding in LEGACY:
        fraction, count = vietnamese_score(decode_legacy(data, encoding))
        scored.append((fraction, count, -LEGACY.index(encoding), encoding))
    return max(scored)[3]


def best_legacy_text(texts: Iterable[str]) -> str | None:
    """For text read as Windows-1252 (Excel cells): 'tcvn3', 'vni' or None if it is fine."""
    sample = "\n".join(texts)
    plain_fraction, plain_count = vietnamese_score(sample)
    best = None
    best_score = (plain_fraction, plain_count)
    for encoding in (TCVN3, VNI):
        score = vietnamese_score(decode_legacy(sample, encoding))
        if score[1] > best_score[1] and score[0] > best_score[0] + 0.2:
            best, best_score = encoding, score
    return best
