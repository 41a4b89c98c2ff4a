"""The delegations' REST API: delegations, delegates, accreditation, sign-in tokens."""
