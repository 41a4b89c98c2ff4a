"""The event's REST API (read-only: organisers set events up in the admin)."""
