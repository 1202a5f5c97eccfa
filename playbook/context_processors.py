from django.utils.functional import SimpleLazyObject

from playbook import notifications, permissions, slots
from playbook.models import Membership


def shell(request):
    """What the base layout needs on every page: the person's teams and unread notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "my_memberships": SimpleLazyObject(
            lambda: list(
                Membership.objects.filter(user=user)
                .select_related("team")
                .order_by("team__kind", "team__name")
            )
        ),
        "unread_notifications": SimpleLazyObject(lambda: notifications.unread_count(user)),
        "is_network_admin": permissions.can_administer_network(user),
        "header_controls": SimpleLazyObject(lambda: slots.render(request, slots.HEADER)),
    }
