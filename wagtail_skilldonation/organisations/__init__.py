"""Organisations as partners: they propose their needs from the portal (``forms``,
``views``), the team triages them in the admin (``triage``, ``admin_views``), and each
step is told by e-mail (``emails``)."""
