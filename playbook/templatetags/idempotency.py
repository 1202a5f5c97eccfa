"""``{% idempotency_field %}``: a form's hidden ``Idempotency-Key``, new each time the form is drawn, so
a second tap on "Send" answers what the first did instead of saving twice (``playbook.idempotency``)."""

from django import template
from django.utils.html import format_html

from playbook.idempotency import FIELD, new_key

register = template.Library()


@register.simple_tag
def idempotency_field():
    return format_html('<input type="hidden" name="{}" value="{}" data-idempotency-key>', FIELD, new_key())
