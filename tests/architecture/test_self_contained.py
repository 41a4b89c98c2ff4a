"""A clone of the project alone passes its tests: nothing reads beside the repository."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: What a path beside the repository looks like (built here, so this file does not name one).
BESIDE = "shared"
OUTSIDE = (f"../{BESIDE}", f"{BESIDE}/schemas")


def test_no_file_of_the_project_reads_beside_it():
    files = [
        path
        for path in ROOT.rglob("*")
        if path.is_file()
        and path.suffix in {".py", ".toml", ".cfg", ".ini", ".sh", ""}
        and not {".venv", ".git", "node_modules", "staticfiles"} & set(path.parts)
        and path != Path(__file__)
    ]
    assert len(files) > 100
    readers = [
        f"{path.relative_to(ROOT)}: {needle}"
        for path in files
        for needle in OUTSIDE
        if needle in path.read_text(errors="ignore")
    ]
    assert readers == []
