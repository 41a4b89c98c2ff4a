"""Pages: the portal's signing pages, the public list of signatories, and the middleware that
shows the admin in the event's time zone."""
