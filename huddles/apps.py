from django.apps import AppConfig


class HuddlesConfig(AppConfig):
    name = "huddles"
    verbose_name = "Huddles"

    def ready(self):
        from andon import sources
        from andon.signals import flag_sent_down
        from huddles.selectors import meeting_flag_sources
        from huddles.services import put_reply_on_next_meeting

        flag_sent_down.connect(put_reply_on_next_meeting, dispatch_uid="huddles-flag-reply")
        sources.register("meeting", meeting_flag_sources)
