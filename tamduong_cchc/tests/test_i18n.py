"""The interface is Vietnamese by default, English on request, with dates as dd/mm/yyyy."""

import datetime
import re
from pathlib import Path

import django
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.factories import MembershipFactory


def test_times_read_in_hanoi_time():
    half_past_five_utc = datetime.datetime(2020, 3, 31, 17, 30, tzinfo=datetime.UTC)

    rendered = Template("{{ moment|date:'SHORT_DATETIME_FORMAT' }}").render(Context({"moment": half_past_five_utc}))

    assert rendered == "01/04/2020 00:30"


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


def _catalogues() -> list[Path]:
    """Every Vietnamese catalogue the site reads: the LOCALE_PATHS folders and each local app's ``locale``."""
    folders = [Path(path) for path in settings.LOCALE_PATHS]
    folders += [Path(config.path) / "locale" for config in apps.get_app_configs() if "site-packages" not in config.path]
    return [folder / "vi" / "LC_MESSAGES" / "django.po" for folder in folders if (folder / "vi").exists()]


def test_every_catalogue_of_the_project_is_found():
    found = {str(path.relative_to(settings.BASE_DIR)).split("/vi/")[0] for path in _catalogues()}

    apps_with_texts = [
        "units", "directives", "notifications", "satisfaction", "reminders", "dashboard", "security", "api", "calendars",
        "transparency", "organisation", "district_reports",
    ]  # fmt: skip
    assert found == {"locale", "tamduong_cchc/vendor_locale", *(f"{app}/locale" for app in apps_with_texts)}


@pytest.mark.parametrize("path", _catalogues(), ids=lambda path: str(path.relative_to(settings.BASE_DIR)).split("/vi/")[0])
def test_every_message_is_translated_not_fuzzy_and_compiled(path):
    catalogue = polib.pofile(str(path))
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    compiled_strings = {(entry.msgctxt, entry.msgid): entry for entry in compiled}

    assert len(catalogue) > 10
    assert catalogue.fuzzy_entries() == []
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    for entry in catalogue.translated_entries():
        assert compiled_strings[entry.msgctxt, entry.msgid].msgstr == entry.msgstr, f"{path}: django.mo is older than django.po"
        assert compiled_strings[entry.msgctxt, entry.msgid].msgstr_plural == entry.msgstr_plural


def test_no_message_is_translated_two_ways_in_different_catalogues():
    # Django merges every catalogue into one: the same English text can only have one Vietnamese text.
    translations: dict[tuple, set[str]] = {}
    for path in _catalogues():
        for entry in polib.pofile(str(path)).translated_entries():
            translations.setdefault((entry.msgctxt, entry.msgid), set()).add(entry.msgstr or entry.msgstr_plural[0])

    assert {key: texts for key, texts in translations.items() if len(texts) > 1} == {}


@pytest.mark.django_db
def test_the_scheduled_task_pages_of_the_admin_speak_vietnamese(admin_client):
    page = admin_client.get(reverse("admin:django_celery_beat_periodictask_changelist")).content.decode()

    assert "Tác vụ định kỳ" in page and "Periodic Tasks" not in page


FAMILIAR = re.compile(r"\bbạn\b", re.IGNORECASE)


def test_officials_are_addressed_as_dong_chi_never_ban():
    # Issue #12's wording: the tracker speaks to officials, who read "đồng chí", not the familiar "bạn".
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {text}"
        for path in _catalogues()
        for entry in polib.pofile(str(path)).translated_entries()
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
        if FAMILIAR.search(text)
    ]

    assert found == [], found


def test_djangos_own_pages_say_dong_chi_too():
    # Django's Vietnamese (admin, accounts, validators) says "bạn"; the vendored catalogue re-words each such text.
    django_root = Path(django.__file__).parent
    said = []
    with translation.override("vi"):
        for folder in ("contrib/admin", "contrib/auth", "conf"):
            for entry in polib.pofile(str(django_root / folder / "locale/vi/LC_MESSAGES/django.po")).translated_entries():
                if entry.msgid_plural:
                    shown = (
                        [translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 2)]
                        if entry.msgctxt
                        else [translation.ngettext(entry.msgid, entry.msgid_plural, 2)]
                    )
                else:
                    shown = [
                        translation.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else translation.gettext(entry.msgid)
                    ]
                said += [text for text in shown if FAMILIAR.search(text)]

    assert said == []
