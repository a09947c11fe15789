"""Matching: the ranking engine (``engine``: SQL, no HTTP), the editor panels
(``panels``), invitations (``invitations``, ``emails``) and the invite screen (``views``).

``wagtail_skilldonation.matching.rank_volunteers`` and ``rank_missions`` are the
engine's public API.
"""

__all__ = ["Match", "MissionMatch", "rank_missions", "rank_volunteers"]


def __getattr__(name):
    # models/ imports this package's panels while it loads, and the engine needs the
    # whole models package: so it is imported on first use, not here.
    if name in __all__:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
