"""The Jinja filters shared by DOCX and HTML templates, and Vietnamese alphabetical order."""

from __future__ import annotations

import datetime as dt

from reportgen.render.collation import vn_sorted
from reportgen.render.env import make_environment
from reportgen.render.filters import date_long, date_short, number, percent, roman, vn_sort


def test_numbers_use_dot_for_thousands_and_comma_for_decimals() -> None:
    assert number(1234.5) == "1.234,5"
    assert number(1234567, 0) == "1.234.567"


def test_percent_points_get_a_comma_and_no_space() -> None:
    assert percent(95.24) == "95,2%"
    assert percent(100) == "100%"


def test_empty_and_text_values_pass_through_without_error() -> None:
    assert number(None) == "" and percent(None) == ""
    assert number("chưa nộp") == "chưa nộp"
    assert number(True) == "True"


def test_dates_are_written_as_official_documents_write_them() -> None:
    assert date_long(dt.date(2022, 12, 5)) == "ngày 05 tháng 12 năm 2022"
    assert date_short(dt.date(2017, 5, 31)) == "31/5/2017"
    assert date_short(dt.date(2022, 2, 22)) == "22/02/2022"


def test_roman_numerals_number_the_parts() -> None:
    assert [roman(n) for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert roman(0) == "0"


def test_vietnamese_letters_sort_after_their_base_letter() -> None:
    names = [
        "Ứng Hòa",
        "Úc",
        "Đống Đa",
        "Dương",
        "Ba Vì",
        "Bắc Từ Liêm",
        "Âu",
        "Az",
        "Ơn",
        "Ô",
        "Oz",
    ]
    assert vn_sorted(names) == [
        "Az",
        "Âu",
        "Ba Vì",
        "Bắc Từ Liêm",
        "Dương",
        "Đống Đa",
        "Oz",
        "Ô",
        "Ơn",
        "Úc",
        "Ứng Hòa",
    ]


def test_tones_order_after_letters_huyen_hoi_nga_sac_nang() -> None:
    assert vn_sorted(["má", "mạ", "mà", "mã", "mả", "ma"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_vn_sort_filter_sorts_by_an_attribute_in_a_template() -> None:
    env = make_environment()
    out = env.from_string(
        "{{ units | vn_sort('name') | map(attribute='name') | join(', ') }}"
    ).render(units=[{"name": "Đông Anh"}, {"name": "Dương Xá"}, {"name": "Ba Đình"}])
    assert out == "Ba Đình, Dương Xá, Đông Anh"
    assert vn_sort(["Ê", "E", "F"]) == ["E", "Ê", "F"]


def test_templates_run_sandboxed() -> None:
    import jinja2.sandbox
    import pytest

    env = make_environment()
    with pytest.raises(jinja2.sandbox.SecurityError):
        env.from_string("{{ x.__class__.__mro__ }}").render(x=1)
