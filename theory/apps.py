from django.apps import AppConfig


class TheoryConfig(AppConfig):
    name = "theory"
    verbose_name = "Theory of improvement"
