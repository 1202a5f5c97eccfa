"""Hooks other apps connect to.

``flag_sent_down`` is sent (inside the sending-down transaction) when a lead or leader sends a flag
back down with a reply. The raiser is always notified by andon itself. The huddles app connects
here to put the reply on the agenda of the next meeting of the huddle the flag came from
(which the huddles app knows, not andon): the huddles app connects a receiver in
``HuddlesConfig.ready()``.

Receivers get ``flag``, ``reply`` (str) and ``by`` (the person who replied).
"""

from django.dispatch import Signal

flag_sent_down = Signal()
