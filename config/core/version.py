"""The planner's name and version, as exports name their generator (kept equal to
pyproject.toml's by a test)."""

NAME = "treaty-event-planner"
VERSION = "0.1.0"
