"""``python -m sessions.scheduling``: exit 0 with a solution, 2 with the faulty field and nothing
written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sessions.scheduling.__main__ import main

from .builders import problem_data, room, session

PROJECT = Path(__file__).resolve().parents[3]


def write(tmp_path: Path, data) -> Path:
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def small() -> dict:
    return problem_data([room("room-a")], [session("talk"), session("panel")])


def test_the_module_runs_and_prints_the_solution(tmp_path):
    path = write(tmp_path, small())

    finished = subprocess.run(
        [sys.executable, "-m", "sessions.scheduling", str(path), "--time-limit", "5"],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    answer = json.loads(finished.stdout)
    assert answer["status"] == "complete"
    assert answer["stats"]["placed"] == 2
    assert "complete: 2 of 2 sessions placed" in finished.stderr
    assert "(stopped: optimal)" in finished.stderr
    assert answer["stats"]["stopped"] == "optimal"


def test_output_goes_to_the_file_when_asked(tmp_path, capsys):
    path = write(tmp_path, small())
    output = tmp_path / "solution.json"

    assert main([str(path), "--output", str(output), "--time-limit", "5"]) == 0

    assert json.loads(output.read_text(encoding="utf-8"))["format"] == "treaty-event-timetable/1"
    assert capsys.readouterr().out == ""


def test_a_partial_solution_still_exits_0(tmp_path, capsys):
    data = problem_data([room("room-a", capacity=10)], [session("plenary", attendance=900)])

    assert main([str(write(tmp_path, data)), "--time-limit", "5"]) == 0

    assert json.loads(capsys.readouterr().out)["status"] == "partial"


def test_a_malformed_problem_exits_2_naming_the_field_and_writes_nothing(tmp_path, capsys):
    data = small()
    data["sessions"][1]["rooms"] = ["room-z"]
    output = tmp_path / "solution.json"

    assert main([str(write(tmp_path, data)), "--output", str(output)]) == 2

    captured = capsys.readouterr()
    assert "sessions[1].rooms[0]: unknown room 'room-z'" in captured.err
    assert captured.out == ""
    assert not output.exists()


def test_a_file_that_is_not_json_exits_2(tmp_path, capsys):
    path = tmp_path / "problem.json"
    path.write_text("{not json", encoding="utf-8")

    assert main([str(path)]) == 2

    assert "not valid JSON" in capsys.readouterr().err


def test_a_missing_file_exits_2(tmp_path, capsys):
    assert main([str(tmp_path / "absent.json")]) == 2

    assert "cannot be read" in capsys.readouterr().err


def test_the_module_exits_2_on_a_malformed_problem(tmp_path):
    data = small()
    del data["days"]
    output = tmp_path / "solution.json"

    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "sessions.scheduling",
            str(write(tmp_path, data)),
            "--output",
            str(output),
        ],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert finished.returncode == 2
    assert "days: required key is missing" in finished.stderr
    assert not output.exists()
