"""One shape per app (docs/architecture.md): layer by folder, topic by file, and the rules an
import graph cannot see."""

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
APPS = ("ceremony", "delegations", "sessions")
#: The files an app may keep at its top: Django's own places and the leaves.
TOP_FILES = {"__init__.py", "apps.py", "models.py", "enums.py", "tasks.py", "admin.py"}
TOP_FILES |= {"forms.py", "urls.py", "translation.py"}
#: Folders that hold one file per topic.
LAYER_FOLDERS = {"services", "selectors", "views", "api", "demo", "scheduling", "exports"}
#: Django's own folders.
DJANGO_FOLDERS = {"migrations", "management", "templates", "templatetags", "locale", "static"}
#: What a read never calls: these write, or lock.
WRITES = {
    "save",
    "create",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "update",
    "delete",
    "select_for_update",
    "row_lock",
    "rows_lock",
    "on_commit",
}


def python_files(*folders):
    for folder in folders:
        yield from sorted((PROJECT / folder).rglob("*.py"))


@pytest.mark.parametrize("app", APPS)
def test_an_app_keeps_only_its_places_at_the_top(app):
    entries = {path.name for path in (PROJECT / app).iterdir() if path.name != "__pycache__"}
    files = {name for name in entries if name.endswith(".py")}
    folders = entries - files - {"README.md"}
    assert files <= TOP_FILES, f"topic files at the top of {app}: {sorted(files - TOP_FILES)}"
    assert folders <= LAYER_FOLDERS | DJANGO_FOLDERS, sorted(folders - LAYER_FOLDERS)


@pytest.mark.parametrize("app", APPS)
def test_services_and_selectors_are_folders_of_topics(app):
    for layer in ("services", "selectors", "views"):
        folder = PROJECT / app / layer
        assert folder.is_dir(), f"{app}/{layer}/ is missing"
        topics = [path for path in folder.glob("*.py") if path.name != "__init__.py"]
        assert topics, f"{app}/{layer}/ has no topic"
        init = ast.parse((folder / "__init__.py").read_text())
        assert all(isinstance(node, ast.Expr) for node in init.body), (
            f"{app}/{layer}/__init__.py holds code: import each topic from its own file"
        )


def calls(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = (
                function.attr
                if isinstance(function, ast.Attribute)
                else getattr(function, "id", None)
            )
            yield name, node.lineno


@pytest.mark.parametrize("path", list(python_files(*(f"{app}/selectors" for app in APPS))))
def test_selectors_write_nothing(path):
    tree = ast.parse(path.read_text())
    found = [f"{name} (line {line})" for name, line in calls(tree) if name in WRITES]
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert found == [], f"{path.relative_to(PROJECT)} writes: {found}"
    assert "transaction" not in imported


#: HTTP belongs to the views: services and selectors raise domain errors (ValidationError,
#: DoesNotExist), which views turn into answers.
HTTP_MODULES = ("django.http", "django.shortcuts", "rest_framework")


@pytest.mark.parametrize(
    "path",
    list(python_files(*(f"{app}/{layer}" for app in APPS for layer in ("services", "selectors")))),
)
def test_services_and_selectors_speak_no_http(path):
    tree = ast.parse(path.read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    } | {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    http = sorted(name for name in imported if name.startswith(HTTP_MODULES))
    assert http == [], f"{path.relative_to(PROJECT)} imports {http}"


def test_rows_are_locked_only_through_the_locking_helper():
    helper = PROJECT / "config/core/locking.py"
    lockers = [
        f"{path.relative_to(PROJECT)}:{line}"
        for path in python_files(*APPS, "config")
        if path != helper and "migrations" not in path.parts
        for name, line in calls(ast.parse(path.read_text()))
        if name == "select_for_update"
    ]
    assert lockers == [], "lock through config.core.locking (row_lock, rows_lock): " + ", ".join(
        lockers
    )


def test_the_checks_here_can_fail():
    """The write finder sees a write; the shape check sees a stray topic file."""
    tree = ast.parse("def read():\n    Session.objects.filter(pk=1).update(title='x')\n")
    assert [name for name, _line in calls(tree) if name in WRITES] == ["update"]
    assert "timetabling.py" not in TOP_FILES
