"""The portal's widgets write Django's markup without Django's nested templates: an
input includes its attributes' template, a select or a list of choices includes three
templates per option. On a cold page those includes were most of a form's rendering
(the index's filters, the application form), so the portal's templates write a
select's options with ``{% options %}``, radio buttons and checkboxes with
``{% choice %}`` and attributes with ``{% attrs %}``
(``templatetags/skilldonation_widgets``). The markup is Django's (less white space;
attributes in name order, as ``flatatt`` writes them)."""

INPUT = "wagtail_skilldonation/widgets/input.html"
CHOICES = "wagtail_skilldonation/widgets/choices.html"

# Django's widget templates, and the portal's that write the same markup.
PORTAL_TEMPLATES = {
    **{
        f"django/forms/widgets/{name}.html": INPUT
        for name in ("input", "text", "email", "number", "hidden", "url", "password", "date", "time", "checkbox")
    },
    "django/forms/widgets/textarea.html": "wagtail_skilldonation/widgets/textarea.html",
    "django/forms/widgets/select.html": "wagtail_skilldonation/widgets/select.html",
    "django/forms/widgets/radio.html": CHOICES,
    "django/forms/widgets/checkbox_select.html": CHOICES,
}


class PortalWidgets:
    """A form mixin: a field whose widget uses one of Django's templates above is
    rendered with the portal's, whenever the form added it (a mission page's own
    questions are added as the form is built) and whether or not it named a widget."""

    def __getitem__(self, name):
        bound = super().__getitem__(name)
        widget = bound.field.widget  # the form's own copy
        if ours := PORTAL_TEMPLATES.get(widget.template_name):
            widget.template_name = ours
        return bound
