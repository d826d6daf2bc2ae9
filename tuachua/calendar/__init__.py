"""Lịch: one calendar of everything dated that a user may see, across plans, training and monitoring.

It combines several apps, so it sits at the top, in `tuachua/` (CONVENTIONS.md): `entries` gathers the dated
things and finds clashes, `ics` writes the iCalendar feed, `tokens` keeps the feed's secret addresses.
"""
