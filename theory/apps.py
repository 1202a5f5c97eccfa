from django.apps import AppConfig


class TheoryConfig(AppConfig):
    name = "theory"
    verbose_name = "Theory of improvement"

    def ready(self):
        from playbook import permissions
        from theory import models

        permissions.register(models.ChangeIdea, permissions.change_idea_rule)
        for part in (
            models.Fishbone,
            models.FishboneCategory,
            models.Driver,
            models.DriverLink,
            models.ChangeIdeaLink,
            models.RootCauseLink,
            models.CauseVote,
            models.TheoryEvent,
        ):
            permissions.register(part, permissions.theory_part_rule)
        for part in (models.WhyAnalysis, models.WhyChain, models.WhyStep):
            permissions.register(part, permissions.why_analysis_rule)
        permissions.register(models.Cause, permissions.cause_rule)
