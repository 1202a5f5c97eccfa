from django.apps import AppConfig


class HuddlesConfig(AppConfig):
    name = "huddles"
    verbose_name = "Huddles"

    def ready(self):
        from andon.signals import flag_sent_down
        from huddles.services import put_reply_on_next_meeting

        flag_sent_down.connect(put_reply_on_next_meeting, dispatch_uid="huddles-flag-reply")
