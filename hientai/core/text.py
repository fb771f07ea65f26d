"""Vietnamese text helpers shared by search, matching and imports."""

import unicodedata

# NFD splits tone marks off the letters, but đ/Đ are letters of their own.
_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d) and collapse spaces: 'Đồng  Xoài' -> 'dong xoai'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())
