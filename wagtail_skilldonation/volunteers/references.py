"""A volunteer's skills in Wagtail's reference index, so a skill's *Used by* counts them.

Wagtail indexes an object's references when the object is saved; a volunteer's skills
change after that (``skills.set()`` once the form has saved the volunteer, ``add`` and
``remove`` anywhere), so the index is refreshed when they do; a new volunteer created
with their skills (``Volunteer.add_with_skills``) is indexed once, with them (unless the
caller turned the automatic update off to index it with other objects, as an
application does).
"""

from wagtail.signal_handlers import update_reference_index_on_save


def volunteer_skills_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        update_reference_index_on_save(instance)


def volunteer_skills_given(sender, instance, **kwargs):
    update_reference_index_on_save(instance)
