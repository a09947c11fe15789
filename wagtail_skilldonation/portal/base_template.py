"""What a site's base template holds, read from its compiled nodes (its parents'
included): the blocks the portal fills and the portal's tags it already calls."""

from django.template.library import TagHelperNode
from django.template.loader import get_template
from django.template.loader_tags import BlockNode, ExtendsNode


def _nodelists(template_name):
    """The node lists of a template and of every template it extends."""
    template = get_template(template_name)
    nodelists = [getattr(template, "template", template).nodelist]
    while nodelists:
        nodelist = nodelists.pop()
        yield nodelist
        for node in nodelist.get_nodes_by_type(ExtendsNode):
            parent = node.parent_name.resolve({}) if hasattr(node.parent_name, "resolve") else None
            if isinstance(parent, str):
                nodelists.append(get_template(parent).template.nodelist)


def block_names(template_name):
    """Every block a template defines, its parents' included."""
    return {node.name for nodelist in _nodelists(template_name) for node in nodelist.get_nodes_by_type(BlockNode)}


def uses_tag(template_name, tag):
    """Whether the template (or a parent) calls the tag ``tag`` (a simple or inclusion tag): W003 accepts
    ``skilldonation_head``, the setup looks for ``skilldonation_menu``."""
    return any(
        getattr(getattr(node, "func", None), "__name__", "") == tag
        for nodelist in _nodelists(template_name)
        for node in nodelist.get_nodes_by_type(TagHelperNode)
    )
