"""A fast start: no process pays for the heavy libraries it does not use.

OR-Tools, WeasyPrint, openpyxl, pandas and lxml cost about a second to import together; they
are imported where they are used (the solver, the PDF and workbook renderers), never at the top
of a module that ``django.setup()`` or the URLs load. Checked in a fresh interpreter, after
``django.setup()`` and after resolving every URL pattern (which imports every view, the admin
and the API). ``make bench`` measures the start-up itself.
"""

import json
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[2]
HEAVY = ("ortools", "weasyprint", "openpyxl", "pandas", "lxml")

PROBE = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
loaded = {"setup": sorted(name for name in HEAVY if name in sys.modules)}
from django.urls import get_resolver
def walk(patterns):
    for pattern in patterns:
        walk(getattr(pattern, "url_patterns", []))
walk(get_resolver().url_patterns)
loaded["urls"] = sorted(name for name in HEAVY if name in sys.modules)
print(json.dumps(loaded))
"""


def heavy_after(env_extra=None):
    finished = subprocess.run(
        [sys.executable, "-c", f"HEAVY = {HEAVY!r}\n{PROBE}"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(finished.stdout.strip().splitlines()[-1])


def test_no_heavy_library_is_loaded_by_setup_or_the_urls():
    assert heavy_after() == {"setup": [], "urls": []}


def test_the_probe_sees_a_heavy_library_once_it_is_used():
    finished = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from sessions.exports import xlsx; from sessions.scheduling import solve;"
            "print('openpyxl' in sys.modules, 'ortools' in sys.modules)",
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert finished.stdout.split() == ["False", "True"]
