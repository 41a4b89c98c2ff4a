"""The registration portal's pages, for delegations' focal points."""
