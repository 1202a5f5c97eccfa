import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


class PlaybookCelery(Celery):
    """Celery whose publishing connections fail fast when the broker is down.

    People's requests publish jobs (playbook/jobs.py), so those connections take
    ``broker_publish_transport_options`` (one attempt, short timeouts). The worker's consumer
    connects with ``connection_for_read`` and keeps the plain transport options: a busy moment
    must not cut it off in the middle of acknowledging a job.
    """

    def connection_for_write(self, url=None, **kwargs):
        options = {**(self.conf.get("broker_publish_transport_options") or {})}
        options.update(kwargs.pop("transport_options", None) or {})
        return super().connection_for_write(url, transport_options=options, **kwargs)


app = PlaybookCelery("playbook")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
