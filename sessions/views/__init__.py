"""Pages: the portal's programme and registrations, the door check-in, the public feeds and
the attendance dashboard of the event's admin."""
