"""Text as people type or paste it, made safe to store and to write into any file the app produces.

One rule, applied where text enters (forms, the API, imports) and again where it leaves (Excel, Word,
e-mail), so that no pasted character can take an export or a message down:

- vertical tab and form feed (Word's manual line and page breaks when its text is pasted) become a
  line feed;
- the other C0 control characters except tab, line feed and carriage return, DEL (U+007F) and the C1
  controls (U+0080–U+009F) are removed: nobody can see them, XML (so .xlsx and .docx) forbids the C0
  ones, and the others are only ever left-overs of a wrong encoding;
- surrogate code points are removed (a JSON "\\ud800" decodes to one; UTF-8 cannot encode it), after
  a pair that really is one character has been joined; so are the noncharacters U+FFFE and U+FFFF,
  which XML forbids too;
- the result is in Unicode NFC, the composed form Vietnamese keyboards produce, so that the same
  words typed on two machines compare (and are searched) equal.
"""

import re
import unicodedata

from django import forms

_LINE_BREAKS = re.compile("[\x0b\x0c]")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def text_clean(value: str) -> str:
    """``value`` without the characters listed in this module's docstring, in NFC."""
    if not value:
        return value
    # UTF-16 round trip: a surrogate pair becomes its character, a lone surrogate disappears.
    value = value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return unicodedata.normalize("NFC", _INVISIBLE.sub("", _LINE_BREAKS.sub("\n", value)))


def text_line(value: str) -> str:
    """``text_clean`` on one line (an e-mail subject, a file name): every run of white space becomes one space."""
    return " ".join(text_clean(value).split())


def text_clean_data(data):
    """A copy of submitted form data (a QueryDict or a dict) with every text value passed through ``text_clean``."""
    if hasattr(data, "lists"):
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [text_clean(value) if isinstance(value, str) else value for value in values])
        return cleaned
    return {key: text_clean(value) if isinstance(value, str) else value for key, value in data.items()}


class CleanTextFormMixin:
    """For a Form or ModelForm: the submitted text is cleaned (``text_clean``) before any field reads it,
    so what is validated, saved and shown again is the cleaned text."""

    def full_clean(self):
        if self.is_bound and not getattr(self, "_text_cleaned", False):
            self.data, self._text_cleaned = text_clean_data(self.data), True
        super().full_clean()


class CleanTextModelForm(CleanTextFormMixin, forms.ModelForm):
    """The ModelForm of the admin pages where the office types text that reaches exports and e-mails."""
