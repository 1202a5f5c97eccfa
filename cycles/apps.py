from django.apps import AppConfig


class CyclesConfig(AppConfig):
    name = "cycles"
    verbose_name = "PDSA cycles"

    def ready(self):
        from andon import sources
        from cycles import selectors
        from cycles.services.flags import cycle_flag_sources
        from measures import charts

        if selectors.chart_marks not in charts.ANNOTATION_PROVIDERS:
            charts.register_annotations(selectors.chart_marks)
        sources.register("cycle", cycle_flag_sources)
