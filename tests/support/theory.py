"""Builders for theory tests that other apps' tests need too."""


def make_cycle(change_idea, owner, **fields):
    """A real PDSA cycle testing ``change_idea``, through the cycles app's PROTECT foreign key."""
    Cycle = change_idea._meta.get_field("cycles").related_model
    return Cycle.objects.create(
        team=change_idea.focus_area.team,
        change_idea=change_idea,
        owner=owner,
        title=f"Test {change_idea}",
        **fields,
    )
