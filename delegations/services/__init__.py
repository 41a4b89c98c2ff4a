"""Writes that carry a rule, one file per topic; the portal, the API, the admin and the commands
call them."""
