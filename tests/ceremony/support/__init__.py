"""Helpers shared by the test files of each layer."""
