from django.apps import AppConfig


class HuddlesConfig(AppConfig):
    name = "huddles"
    verbose_name = "Huddles"
