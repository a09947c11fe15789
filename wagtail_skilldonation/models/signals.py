"""What the domain tells the rest of the app, as ``django.contrib.auth.signals`` does:
the features that care connect to these (their ``signal_handlers``), the senders import
none of them."""

from django.dispatch import Signal

# A place of a mission was taken or freed, inside the transaction that did it
# (``mission``: the page holding the places). Public listings show places and "full".
places_changed = Signal()

# A new volunteer's first skills were written at once (``Volunteer.add_with_skills``,
# no ``post_save`` per row): ``instance`` the volunteer, ``tags`` the skills' pks,
# ``created`` True: the volunteer is new too (its ``post_save`` left it to this signal).
skills_given = Signal()
