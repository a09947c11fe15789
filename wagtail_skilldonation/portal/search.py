"""The search index follows what a page's children say (objectives, skills).

Wagtail indexes a page on ``post_save``, before its child relations are written: an
objective or skill added in that publish was found only after the next one. Indexing
again once the publish is done (``page_published``) sees them, and then tells the
searches kept in the cache (``cache.search_version``).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db import connections
from django_tasks import task
from modelsearch.tasks import insert_or_update_object_task

from .. import cache


def reindex_after_publish(sender, instance, **kwargs):
    reindex_page.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))


@task()
def reindex_page(app_label, model_name, pk):
    """Index the published page, then give searches a new key: with a task worker this
    runs after the publish's commit, and a search made in between, from the index as it
    was, stayed kept under the new content version (a published mission was not found
    by its words for up to an hour). A page deleted meanwhile is skipped."""
    try:
        insert_or_update_object_task.call(app_label, model_name, pk)
    except ObjectDoesNotExist:
        pass
    cache.search_index_changed()


def analyze_database(using="default"):
    """Refresh the query planner's statistics where nothing else does (run daily by
    ``skilldonation_alerts``); True when it did. Without them a planner guesses: SQLite
    joined Wagtail's full-text table the wrong way round (a search of 1,000 missions,
    70 ms instead of 1); PostgreSQL counted the index's 1,000 missions by joining every
    page to every mission (122 ms instead of 0.7). SQLite: ``ANALYZE``, bounded by
    ``analysis_limit``. PostgreSQL: its autovacuum keeps them where it runs; where it is
    off, every table is analysed, and tables it has not reached yet (a database just
    restored or filled) are analysed either way."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit=1000")
            cursor.execute("ANALYZE")
            return True
        cursor.execute("SHOW autovacuum")
        if cursor.fetchone()[0] != "on":
            cursor.execute("ANALYZE")  # the tables this user may analyse (others: a notice)
            return True
        cursor.execute(
            "SELECT format('%I.%I', schemaname, relname) FROM pg_stat_user_tables"
            " WHERE last_analyze IS NULL AND last_autoanalyze IS NULL"
        )
        tables = [name for (name,) in cursor.fetchall()]
        if tables:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
        return bool(tables)
