from django.apps import AppConfig


class TheoryConfig(AppConfig):
    name = "theory"
    verbose_name = "Theory of improvement"

    def ready(self):
        from playbook import permissions
        from theory.models import ChangeIdea

        permissions.register(ChangeIdea, permissions.change_idea_rule)
