"""The interface is Vietnamese by default, English on request, with dates as dd/mm/yyyy."""

import ast
import datetime
import gettext as gettext_module
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.factories import MembershipFactory


def test_defaults_are_vietnamese_in_hanoi_time():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dates_read_day_month_year_in_both_languages(language):
    with translation.override(language):
        rendered = Template("{{ d|date }} {{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": datetime.date(2020, 3, 31)}))

    assert rendered == "31/03/2020 31/03/2020"


@pytest.mark.django_db
def test_login_page_is_in_vietnamese_by_default(client):
    page = client.get(reverse("login")).content.decode()

    assert '<html lang="vi">' in page
    assert "Đăng nhập" in page
    assert "Tên đăng nhập" in page and "Mật khẩu" in page  # Django's own form labels


@pytest.mark.django_db
def test_english_is_chosen_with_the_language_switch_and_kept(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})

    assert response.status_code == 302
    page = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in page
    assert "Sign in" in page and "Đăng nhập" not in page


@pytest.mark.django_db
def test_unit_home_reads_in_vietnamese_then_english(client):
    from directives.seeding import seed_cv345
    from units.models import Unit

    seed_cv345()
    client.force_login(MembershipFactory(unit=Unit.objects.get(code="xa-ban-bo")).user)

    vietnamese = client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("home")).content.decode()

    assert "Đăng xuất" in vietnamese and "Trang chủ" in vietnamese
    assert "Sign out" in english and "Home" in english


def _po_entries(path: Path) -> list[tuple[str, str, str]]:
    """(msgid, msgstr, flags) of every entry of a .po file, header excluded."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        parts: dict[str, list[str]] = {"msgid": [], "msgstr": []}
        current = None
        for line in block.splitlines():
            if line.startswith(("msgid ", "msgstr ")):
                current, _, line = line.partition(" ")
            if current and line.startswith('"'):
                parts[current].append(ast.literal_eval(line))
        flags = " ".join(line for line in block.splitlines() if line.startswith("#,"))
        if "".join(parts["msgid"]):
            entries.append(("".join(parts["msgid"]), "".join(parts["msgstr"]), flags))
    return entries


@pytest.mark.parametrize("locale_dir", ["locale", "units/locale"])
def test_every_message_is_translated_and_compiled(locale_dir):
    folder = Path(settings.BASE_DIR) / locale_dir / "vi" / "LC_MESSAGES"
    entries = _po_entries(folder / "django.po")
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext_module.GNUTranslations(mo)

    assert len(entries) > 20
    for msgid, msgstr, flags in entries:
        assert "fuzzy" not in flags, msgid
        assert msgstr, f"untranslated: {msgid!r}"
        assert compiled.gettext(msgid) == msgstr, f"{locale_dir}: django.mo is not compiled from the current django.po"
