"""The programme's REST API: sessions (read) and session registrations."""
