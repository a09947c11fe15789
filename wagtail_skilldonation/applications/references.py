"""What an application creates, in Wagtail's reference index with one task.

Wagtail queues ``update_reference_index_task`` for each object saved; an application
from a new volunteer saves two that it indexes (the volunteer with their skills, the
application), which on the portal's busiest write were two rows in the task queue. They
are saved with the automatic update off (``disable_reference_index_auto_update``) and
handed here together.
"""

from django.core.exceptions import ObjectDoesNotExist
from django_tasks import task
from wagtail.tasks import update_reference_index_task


@task()
def update_reference_index(objects: list[list[str]]) -> int:
    """Wagtail's task for each ``[app_label, model_name, pk]``; one erased meanwhile
    is skipped. Returns how many were indexed."""
    done = 0
    for app_label, model_name, pk in objects:
        try:
            update_reference_index_task.call(app_label, model_name, pk)
        except ObjectDoesNotExist:
            continue
        done += 1
    return done


def index_together(*instances):
    """Queue the indexing of ``instances`` (saved, with the automatic update off) as one task."""
    objects = [[instance._meta.app_label, instance._meta.model_name, str(instance.pk)] for instance in instances]
    if len(objects) == 1:
        update_reference_index_task.enqueue(*objects[0])
    elif objects:
        update_reference_index.enqueue(objects)
