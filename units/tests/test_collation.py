"""Unit names sort the way Vietnamese readers expect, in Python and in the database alike."""

import random

import pytest
from django.db import connection
from django.db.models.functions import Collate

from tests.factories import UnitFactory
from units.collation import SORT_KEY_MAX_LENGTH, vietnamese_sort_key
from units.models import Unit, UnitKind

# Each list is in the expected order.
ORDERS = {
    "communes of Tam Đường": ["Bản Bo", "Bản Giang", "Bản Hon", "Bình Lư", "Giang Ma", "Hồ Thầu", "Khun Há", "Nà Tăm"],
    "Đ after every D": ["Da", "Dương", "Dz", "Đa", "Đông", "E"],
    "Ă and Â after A": ["Azz", "Ăa", "Ăn", "Âa", "Ân", "Ba"],
    "Ô and Ơ after O": ["Oz", "Ôa", "Ôz", "Ơa", "Ơz", "Pa"],
    "Ư after U": ["Uz", "Ưa", "Ưz", "Va"],
    "Ê after E": ["Ez", "Êa", "Ga"],
    "tones: none, huyền, hỏi, ngã, sắc, nặng": ["Ma", "Mà", "Mả", "Mã", "Má", "Mạ"],
    "letters before tones": ["Mạ", "Mab", "Mác"],
    "a name before the longer names it begins": ["Bản", "Bản Bo", "Bản Bon", "Bảnh"],
    "capitals and small letters alike": ["an", "Ăn", "bê", "Bò"],
}


@pytest.mark.parametrize("expected", ORDERS.values(), ids=ORDERS.keys())
def test_sort_key_orders_names_the_vietnamese_way(expected):
    shuffled = random.Random(345).sample(expected, len(expected))

    assert sorted(shuffled, key=vietnamese_sort_key) == expected


def test_sort_key_is_digits_only_so_every_database_collation_agrees():
    key = vietnamese_sort_key("UBND xã Nùng Nàng – Đội 3 (Ữ)")

    assert key.isdigit() and key.isascii()


def test_sort_key_fits_the_column_for_the_longest_name():
    assert len(vietnamese_sort_key("Ữ" * 200)) <= SORT_KEY_MAX_LENGTH == Unit._meta.get_field("sort_key").max_length


def test_sort_key_ignores_extra_spaces():
    assert vietnamese_sort_key("  Bản   Bo ") == vietnamese_sort_key("Bản Bo")


def _store_in_random_order(names: list[str]) -> None:
    for index, name in enumerate(random.Random(2020).sample(names, len(names))):
        UnitFactory(code=f"u{index}", name=name, kind=UnitKind.COMMUNE, display_order=1)


@pytest.mark.django_db
@pytest.mark.parametrize("expected", ORDERS.values(), ids=ORDERS.keys())
def test_database_orders_units_the_vietnamese_way(expected):
    _store_in_random_order(expected)

    assert list(Unit.objects.values_list("name", flat=True)) == expected


@pytest.mark.django_db
def test_unit_list_puts_agencies_first_then_town_and_communes_alphabetically():
    UnitFactory(code="xa-giang-ma", name="UBND xã Giang Ma", kind=UnitKind.COMMUNE, display_order=1)
    UnitFactory(code="xa-ban-bo", name="UBND xã Bản Bo", kind=UnitKind.COMMUNE, display_order=1)
    UnitFactory(code="tt", name="UBND thị trấn Tam Đường", kind=UnitKind.TOWN, display_order=0)
    UnitFactory(code="tt-y-te", name="Trung tâm Y tế", kind=UnitKind.PUBLIC_SERVICE, display_order=1)
    UnitFactory(code="phong-tu-phap", name="Phòng Tư pháp", kind=UnitKind.AGENCY, display_order=3)
    UnitFactory(code="phong-noi-vu", name="Phòng Nội vụ", kind=UnitKind.AGENCY, display_order=2)

    assert list(Unit.objects.values_list("code", flat=True)) == [
        "phong-noi-vu",
        "phong-tu-phap",
        "tt-y-te",
        "tt",
        "xa-ban-bo",
        "xa-giang-ma",
    ]


@pytest.mark.django_db
def test_renaming_a_unit_moves_it_to_its_new_place():
    first = UnitFactory(code="a", name="UBND xã Bản Bo", display_order=1)
    UnitFactory(code="b", name="UBND xã Giang Ma", display_order=1)

    first.name = "UBND xã Hồ Thầu"
    first.save()

    assert list(Unit.objects.values_list("code", flat=True)) == ["b", "a"]


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize("collation", ["C", "und-x-icu", "vi-x-icu", "en-x-icu"])
def test_postgresql_orders_units_the_vietnamese_way_under_any_collation(collation):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_collation WHERE collname = %s", [collation])
        if cursor.fetchone() is None:
            pytest.skip(f"PostgreSQL has no collation {collation!r} on this server")
    expected = [name for names in ORDERS.values() for name in names]
    expected = sorted(set(expected), key=vietnamese_sort_key)
    _store_in_random_order(expected)

    names = list(Unit.objects.order_by(Collate("sort_key", collation)).values_list("name", flat=True))

    assert names == expected
