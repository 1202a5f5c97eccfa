from django.apps import AppConfig


class PlaybookConfig(AppConfig):
    name = "playbook"
    verbose_name = "Playbook"

    def ready(self):
        from playbook import digest, learnings, slots
        from playbook.permissions import registry

        # Every app's permissions.py registers its rules and its panels.py what it shows on shared
        # pages; importing them here, once every model is loaded, means no request is ever answered
        # before the policy is complete.
        registry.autodiscover()
        slots.autodiscover()
        # Each app's digest.py: its weekly digest sections and the notification kinds it sends.
        digest.autodiscover()
        # Each app's learnings.py adds its part of "What we learned" (cycles, flags, huddle notes).
        learnings.autodiscover()
