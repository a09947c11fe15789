"""The search index follows what a page's children say (objectives, skills).

Wagtail indexes a page on ``post_save``, before its child relations are written: an
objective or skill added in that publish was found only after the next one. Indexing
again once the publish is done (``page_published``) sees them.
"""

from modelsearch.tasks import insert_or_update_object_task


def reindex_after_publish(sender, instance, **kwargs):
    insert_or_update_object_task.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))
