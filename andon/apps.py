from django.apps import AppConfig


class AndonConfig(AppConfig):
    name = "andon"
    verbose_name = "Andon flags"

    def ready(self):
        from andon.models import Flag
        from playbook import permissions

        permissions.register(Flag, permissions.flag_rule)
