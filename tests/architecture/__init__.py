"""Checks of the architecture itself: the import contracts, the shape of each app, the start-up."""
