from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = "PDSA cycles"

    def ready(self):
        from cycles import selectors
        from cycles.models import Cycle, CycleComment, Observation, Prediction
        from playbook import charts, permissions

        permissions.register(Cycle, permissions.cycle_rule)
        for part in (Prediction, Observation, CycleComment):
            permissions.register(part, permissions.cycle_part_rule)
        if selectors.chart_marks not in charts.ANNOTATION_PROVIDERS:
            charts.register_annotations(selectors.chart_marks)
