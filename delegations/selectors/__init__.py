"""Reads with the joins and counts a page or a list needs; they write nothing."""
