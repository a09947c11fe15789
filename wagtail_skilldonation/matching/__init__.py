"""Matching: the ranking engine (``engine``: SQL, no HTTP — its parts in ``scoring``,
``statistics``, ``sql`` and ``reasons``), the editor panels (``panels``), invitations
(``invitations``, ``emails``) and the invite screen (``views``).

``wagtail_skilldonation.matching.rank_volunteers`` and ``rank_missions`` are the
engine's public API.
"""

from .engine import Match, MissionMatch, rank_missions, rank_volunteers

__all__ = ["Match", "MissionMatch", "rank_missions", "rank_volunteers"]
