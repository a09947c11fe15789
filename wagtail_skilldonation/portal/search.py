"""The search index follows what a page's children say (objectives, skills).

Wagtail indexes a page on ``post_save``, before its child relations are written: an
objective or skill added in that publish was found only after the next one. Indexing
again once the publish is done (``page_published``) sees them.
"""

from django.db import connections
from modelsearch.tasks import insert_or_update_object_task


def reindex_after_publish(sender, instance, **kwargs):
    insert_or_update_object_task.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))


def analyze_database(using="default"):
    """On SQLite, refresh the query planner's statistics (``ANALYZE``, bounded by
    ``analysis_limit``; run daily by ``skilldonation_alerts``). Without them SQLite
    joins Wagtail's full-text table the wrong way round: a search of 1,000 missions took
    70 ms instead of 1. PostgreSQL's autovacuum keeps its own."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA analysis_limit=1000")
        cursor.execute("ANALYZE")
    return True
