"""The registry: every format by name, each deterministic for the same release."""

import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest

from sessions import exports
from sessions.exports import UnknownFormat

from .conftest import hanoi_schedule

PROJECT = Path(__file__).resolve().parents[3]


def test_unknown_format_names_the_known_ones(schedule):
    with pytest.raises(UnknownFormat, match="'docx'.*ics, csv, xlsx, pdf, xml, json"):
        exports.render("docx", schedule)
    assert issubclass(UnknownFormat, ValueError)


@pytest.mark.parametrize("name", list(exports.FORMATS))
def test_each_format_declares_its_file(name):
    module = exports.exporter(name)
    assert module.MEDIA_TYPE
    assert module.EXTENSION.isalpha()


@pytest.mark.parametrize("name", list(exports.FORMATS))
def test_same_release_gives_the_same_bytes(name, schedule):
    first = exports.render(name, schedule)
    assert isinstance(first, bytes)
    assert first == exports.render(name, hanoi_schedule())


@pytest.mark.parametrize("name", ["csv", "xml", "json"])
def test_generation_time_changes_nothing_but_the_stamp(name, schedule):
    later = replace(schedule, generated_at=schedule.generated_at + timedelta(days=1))
    assert exports.render(name, later) == exports.render(name, schedule)


def test_the_package_imports_no_django():
    """The renderers run in a plain interpreter: a benchmark or a worker needs no settings."""
    check = (
        "import sys, sessions.exports; "
        "loaded = sorted(name for name in sys.modules if name.split('.')[0] == 'django'); "
        "print(','.join(loaded))"
    )
    result = subprocess.run(
        [sys.executable, "-c", check], capture_output=True, check=True, text=True, cwd=PROJECT
    )
    assert result.stdout.strip() == ""
