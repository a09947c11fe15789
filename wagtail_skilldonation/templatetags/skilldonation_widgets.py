"""``{% options widget %}``: a select's options (with their groups), written as Django's
option templates write them; ``{% choice option %}``: one radio button or checkbox
with its label; ``{% attrs widget.attrs %}``: a widget's attributes, as Django's
``attrs.html`` (``flatatt``) writes them. Django's templates include one another three
deep for every option and once for every widget's attributes: on a cold page they were
most of a form's rendering (the index's filters, the application form), so the
portal's widget templates (``portal.widgets``) use these tags instead. They escape
with the standard library's ``html.escape``, as Django's ``escape`` does, without its
lazy-string wrappers: the filters' sixty options and their attributes were a seventh
of a cold index's Python calls (13,400 of 94,000; 5,300 now)."""

from html import escape as _escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def text(value):
    """``conditional_escape`` for what a widget holds: safe strings as they are."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def attributes(attrs):
    """``flatatt``'s markup: valued attributes in name order, then the true booleans."""
    valued = sorted((name, value) for name, value in attrs.items() if value is not None and not isinstance(value, bool))
    flags = sorted(name for name, value in attrs.items() if value is True)
    return "".join(f' {text(name)}="{text(value)}"' for name, value in valued) + "".join(
        f" {text(name)}" for name in flags
    )


def option_markup(option):
    """One option as Django's ``select_option.html``, ``input_option.html`` and
    ``input.html`` write it (a value always escaped: their ``stringformat:'s'`` drops a
    safe string's mark)."""
    attrs = attributes(option["attrs"])
    if option["type"] == "select":
        return f'<option value="{_escape(str(option["value"]))}"{attrs}>{text(option["label"])}</option>'
    value = "" if option["value"] is None else f' value="{_escape(str(option["value"]))}"'
    field = f'<input type="{text(option["type"])}" name="{text(option["name"])}"{value}{attrs}>'
    if not option["wrap_label"]:
        return field
    label_for = f' for="{text(option["attrs"]["id"])}"' if option["attrs"].get("id") else ""
    return f"<label{label_for}>{field} {text(option['label'])}</label>"


@register.simple_tag
def attrs(widget_attrs):
    return mark_safe(attributes(widget_attrs))


@register.simple_tag
def choice(option):
    return mark_safe(option_markup(option))


@register.simple_tag
def options(widget):
    """Every option of a select, in its groups (``select.html``'s loop, in one call)."""
    parts = []
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{text(group_name)}">')
        parts.extend(f"\n  {option_markup(option)}" for option in group_choices)
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts))
