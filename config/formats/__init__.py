"""Dates and times as the United Nations write them, where Django's own formats differ:
"25 October 2025" and a 24-hour clock in English (Django's is American: "Oct. 25, 2025, 2 p.m."),
and a date and time in Arabic's own order (Django has none: it falls back to the American one).
Every other format, and every other language's, is Django's (``FORMAT_MODULE_PATH``)."""
