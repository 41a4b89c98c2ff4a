"""Reads with the joins and counts a page or an export needs; they write nothing."""
