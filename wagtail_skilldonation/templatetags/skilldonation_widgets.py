"""``{% choice option %}``: one option of a choice widget (a select's ``<option>``, a
radio button or a checkbox with its label), written as Django's option templates write
it. Those templates include one another three deep for every option: on a cold page
they were most of a form's rendering (the index's filters, the application form's
skills), so the portal's choice widgets write their options with this tag instead."""

from django import template
from django.forms.utils import flatatt
from django.utils.html import format_html

register = template.Library()


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
