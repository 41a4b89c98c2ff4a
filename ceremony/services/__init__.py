"""Writes that carry a rule, one file per topic; views, the API, the admin and tasks call them."""
