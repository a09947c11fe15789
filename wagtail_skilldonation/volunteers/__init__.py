"""Volunteers as people: what the portal keeps about them and for how long
(``retention``: forgetting inactive volunteers)."""
