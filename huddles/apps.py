from django.apps import AppConfig


class HuddlesConfig(AppConfig):
    name = "huddles"
    verbose_name = "Huddles"

    def ready(self):
        from andon.signals import flag_sent_down
        from huddles.models import ActionItem, Huddle, Meeting, NoteEntry, PulseCheck
        from huddles.services import put_reply_on_next_meeting
        from playbook import permissions

        permissions.register(Huddle, permissions.huddle_rule)
        permissions.register(Meeting, permissions.meeting_rule)
        permissions.register(NoteEntry, permissions.meeting_part_rule)
        permissions.register(ActionItem, permissions.meeting_part_rule)
        permissions.register(PulseCheck, permissions.pulse_rule)
        flag_sent_down.connect(put_reply_on_next_meeting, dispatch_uid="huddles-flag-reply")
