"""Follow-up of a mission: the hours ledger (``hours``) and feedback from both sides
(``feedback``, ``emails``), through signed links (``views``) and editors' actions
(``admin_views``)."""
