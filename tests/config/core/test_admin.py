"""The changelists' short columns: a long text cut with an ellipsis, the whole of it in the
title; a short one as it is."""

from types import SimpleNamespace

from config.core.admin import short_column, short_text


def test_a_short_text_is_shown_as_it_is():
    assert short_text("China") == "China"


def test_a_long_text_is_cut_with_the_whole_in_its_title():
    name = "United Kingdom of Great Britain and Northern Ireland"
    html = short_text(name, 20)
    assert f'title="{name}"' in html
    assert ">United Kingdom of G…<" in html


def test_the_text_is_escaped_in_the_cell_and_the_title():
    html = short_text('<b>"Ministry" of Foreign & European Affairs of the Republic</b>', 10)
    assert "<b>" not in html and "&lt;b&gt;" in html and "&quot;" in html


def test_nothing_is_a_dash():
    assert short_text(None) == "—" and short_text("") == "—"


def test_a_column_follows_relations_and_sorts_by_its_lookup():
    column = short_column("delegate__delegation", "delegation", length=8)
    row = SimpleNamespace(delegate=SimpleNamespace(delegation="Lao People's Democratic Republic"))
    assert 'title="Lao People&#x27;s Democratic Republic"' in column(row)
    assert column.admin_order_field == "delegate__delegation"
    assert column.short_description == "delegation"


def test_a_column_over_a_missing_relation_is_a_dash():
    column = short_column("session__room", "room")
    assert column(SimpleNamespace(session=None)) == "—"


def test_a_column_may_be_unsortable_or_sorted_by_another_field():
    assert not hasattr(short_column("place", "where", ordering=False), "admin_order_field")
    assert short_column("full_name", "name", ordering="family_name").admin_order_field == (
        "family_name"
    )
