from django import template

register = template.Library()


@register.simple_tag
def typed(error, key, field, default=""):
    """What the person typed into ``field`` of form ``key`` when it was refused, else ``default``."""
    if error is not None and error.key == key:
        return error.values.get(field, default)
    return default


@register.simple_tag
def refused(error, key):
    """The message of a refused edit, for the form ``key`` it came from."""
    return error.message if error is not None and error.key == key else ""
