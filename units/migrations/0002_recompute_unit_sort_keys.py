"""Recompute every unit's stored Vietnamese sort key with the digits-only key (prefixes sort first).

Frozen here (no import of the app's code): units.collation.vietnamese_sort_key as it was written for
this migration, so a later change to the live collation cannot change what this migration did.
"""

import unicodedata

from django.db import migrations

_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
# Two digits per character. "00" ends the letters, so a name sorts before every longer name it
# begins (Bản Bo before Bản Bon); then spaces, other signs, digits, letters.
_END, _SPACE, _OTHER = "00", "01", "02"
_DIGIT_BASE, _LETTER_BASE = 10, 20
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter
SORT_KEY_MAX_LENGTH = 600


def _split(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = "".join(c for c in decomposed if c not in _TONES)
    tone = next((_TONES[c] for c in decomposed if c in _TONES), 0)
    letter = unicodedata.normalize("NFC", "".join(c for c in base if c in _LETTER_MARKS or c.isalnum()))
    return letter, tone


def vietnamese_sort_key(text: str) -> str:
    """Return a digits-only key that orders ``text`` as a Vietnamese reader expects."""
    primary: list[str] = []
    tones: list[str] = []
    for char in " ".join(text.split()):
        if char == " ":
            primary.append(_SPACE)
            continue
        letter, tone = _split(char)
        if letter in _LETTER_RANK:
            primary.append(f"{_LETTER_BASE + _LETTER_RANK[letter]:02d}")
            tones.append(str(tone))
        elif len(letter) == 1 and letter.isdigit() and letter.isascii():
            primary.append(f"{_DIGIT_BASE + int(letter):02d}")
        else:
            primary.append(_OTHER)
    return ("".join(primary) + _END + "".join(tones))[:SORT_KEY_MAX_LENGTH]


def recompute_sort_keys(apps, schema_editor):
    Unit = apps.get_model("units", "Unit")
    units = list(Unit.objects.all())
    for unit in units:
        unit.sort_key = vietnamese_sort_key(unit.name)
    Unit.objects.bulk_update(units, ["sort_key"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]

    operations = [migrations.RunPython(recompute_sort_keys, migrations.RunPython.noop)]
