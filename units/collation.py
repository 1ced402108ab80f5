"""Vietnamese alphabetical order, computed once into a stored sort key.

The key is plain ASCII, so it sorts the same on SQLite and PostgreSQL whatever their collation:
letters by the Vietnamese alphabet (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y),
then, for equal letters, tones in dictionary order (none, huyền, hỏi, ngã, sắc, nặng).
"""

import unicodedata

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _split(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = "".join(c for c in decomposed if c not in _TONES)
    tone = next((_TONES[c] for c in decomposed if c in _TONES), 0)
    letter = unicodedata.normalize("NFC", "".join(c for c in base if c in _LETTER_MARKS or c.isalnum()))
    return letter, tone


def vietnamese_sort_key(text: str) -> str:
    """Return an ASCII key that orders ``text`` as a Vietnamese reader expects."""
    primary: list[str] = []
    tones: list[str] = []
    for char in text.strip():
        if char.isspace():
            primary.append("00")
            continue
        letter, tone = _split(char)
        if letter in _LETTER_RANK:
            primary.append(f"{_LETTER_RANK[letter] + 10:02d}")
            tones.append(str(tone))
        elif letter.isdigit():
            primary.append(f"0{letter}")
        elif letter:
            primary.append("01")
    return "".join(primary) + "|" + "".join(tones)
