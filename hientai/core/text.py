"""Vietnamese text helpers shared by search, matching and imports."""

import re
import unicodedata

# NFD splits tone marks off the letters, but đ/Đ are letters of their own.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})
# The combining marks Vietnamese uses (U+0300-U+036F, less U+034F, which
# `unicodedata.combining` does not count): one regex pass instead of a per-character test,
# which imports of a million names feel.
_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d) and collapse spaces: 'Đồng  Xoài' -> 'dong xoai'."""
    stripped = _MARKS.sub("", unicodedata.normalize("NFD", text.translate(_EXTRA)))
    if not stripped.isascii():  # other scripts may carry other combining marks
        stripped = "".join(char for char in stripped if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())
