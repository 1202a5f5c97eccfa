from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = "PDSA cycles"

    def ready(self):
        from cycles import selectors
        from measures import charts

        if selectors.chart_marks not in charts.ANNOTATION_PROVIDERS:
            charts.register_annotations(selectors.chart_marks)
