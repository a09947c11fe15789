"""``{% choice option %}``: one option of a choice widget (a select's ``<option>``, a
radio button or a checkbox with its label), written as Django's option templates write
it; ``{% attrs widget.attrs %}``: a widget's attributes, as Django's ``attrs.html``
writes them. Django's templates include one another three deep for every option and
once for every widget's attributes: on a cold page they were most of a form's
rendering (the index's filters, the application form), so the portal's widget
templates (``portal.widgets``) use these tags instead."""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def attrs(widget_attrs):
    return flatatt(widget_attrs)


@register.simple_tag
def choice(option):
    attrs = flatatt(option["attrs"])  # the attributes attrs.html writes, in name order
    if option["type"] == "select":
        return format_html('<option value="{}"{}>{}</option>', option["value"], attrs, option["label"])
    value = "" if option["value"] is None else format_html(' value="{}"', option["value"])
    field = format_html('<input type="{}" name="{}"{}{}>', option["type"], option["name"], value, attrs)
    if not option["wrap_label"]:
        return field
    label_for = format_html(' for="{}"', option["attrs"]["id"]) if option["attrs"].get("id") else ""
    return format_html("<label{}>{} {}</label>", label_for, field, option["label"])
