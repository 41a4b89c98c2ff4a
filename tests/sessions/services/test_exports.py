"""Export jobs and the command: files written from the released schedule."""

import re

import pytest
from django.core.management import CommandError, call_command


def test_command_writes_the_file(exports_event, released_programme, tmp_path):
    target = tmp_path / "day2.xml"
    call_command(
        "export_schedule",
        exports_event.slug,
        "--format",
        "xml",
        "--day",
        "2025-10-26",
        "--output",
        str(target),
    )
    assert re.search(r"<title>Side event</title>", target.read_text())
    with pytest.raises(CommandError, match="No event"):
        call_command("export_schedule", "nowhere", "--format", "xml", "--output", str(target))
    with pytest.raises(CommandError, match="--day must be a date"):
        call_command(
            "export_schedule",
            exports_event.slug,
            "--format",
            "xml",
            "--day",
            "26/10",
            "--output",
            str(target),
        )
