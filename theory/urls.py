"""The theory of improvement, mounted at /theory/: pages per focus area, then one URL per edit."""

from django.urls import path

from theory.views import change_ideas, drivers, fishbone, pages, whys

urlpatterns = [
    path("", pages.index, name="theory-index"),
    path("focus/<int:pk>/drivers/", pages.driver_diagram, name="theory-drivers"),
    path("focus/<int:pk>/drivers.svg", pages.driver_diagram_svg, name="theory-drivers-svg"),
    path("focus/<int:pk>/fishbone/", pages.fishbone, name="theory-fishbone"),
    path("focus/<int:pk>/fishbone.svg", pages.fishbone_svg, name="theory-fishbone-svg"),
    path("focus/<int:pk>/whys/", pages.whys, name="theory-whys"),
    path("focus/<int:pk>/history/", pages.history, name="theory-history"),
    # driver diagram
    path("focus/<int:pk>/drivers/add/", drivers.driver_add, name="theory-driver-add"),
    path("focus/<int:pk>/ideas/add/", change_ideas.idea_add, name="theory-idea-add"),
    path("drivers/<int:pk>/rename/", drivers.driver_rename, name="theory-driver-rename"),
    path("drivers/<int:pk>/move/", drivers.driver_move, name="theory-driver-move"),
    path("drivers/<int:pk>/delete/", drivers.driver_delete, name="theory-driver-delete"),
    path("drivers/<int:pk>/link/", drivers.driver_link, name="theory-driver-link"),
    path("drivers/<int:pk>/root-causes/", drivers.root_cause_link, name="theory-root-cause-link"),
    path("driver-links/<int:pk>/delete/", drivers.driver_unlink, name="theory-driver-unlink"),
    path("root-cause-links/<int:pk>/delete/", drivers.root_cause_unlink, name="theory-root-cause-unlink"),
    path("ideas/<int:pk>/edit/", change_ideas.idea_edit, name="theory-idea-edit"),
    path("ideas/<int:pk>/link/", change_ideas.idea_link, name="theory-idea-link"),
    path("ideas/<int:pk>/archive/", change_ideas.idea_archive, name="theory-idea-archive"),
    path("ideas/<int:pk>/delete/", change_ideas.idea_delete, name="theory-idea-delete"),
    path("idea-links/<int:pk>/delete/", change_ideas.idea_unlink, name="theory-idea-unlink"),
    # fishbone
    path("focus/<int:pk>/fishbone/start/", fishbone.fishbone_start, name="theory-fishbone-start"),
    path("fishbones/<int:pk>/effect/", fishbone.fishbone_effect, name="theory-fishbone-effect"),
    path("fishbones/<int:pk>/categories/add/", fishbone.category_add, name="theory-category-add"),
    path("categories/<int:pk>/rename/", fishbone.category_rename, name="theory-category-rename"),
    path("categories/<int:pk>/move/", fishbone.category_move, name="theory-category-move"),
    path("categories/<int:pk>/delete/", fishbone.category_delete, name="theory-category-delete"),
    path("categories/<int:pk>/causes/add/", fishbone.cause_add, name="theory-cause-add"),
    path("causes/<int:pk>/edit/", fishbone.cause_edit, name="theory-cause-edit"),
    path("causes/<int:pk>/move/", fishbone.cause_move, name="theory-cause-move"),
    path("causes/<int:pk>/delete/", fishbone.cause_delete, name="theory-cause-delete"),
    path("causes/<int:pk>/vote/", fishbone.cause_vote, name="theory-cause-vote"),
    # 5 Whys
    path("focus/<int:pk>/whys/start/", whys.why_start, name="theory-why-start"),
    path("whys/<int:pk>/edit/", whys.why_edit, name="theory-why-edit"),
    path("whys/<int:pk>/delete/", whys.why_delete, name="theory-why-delete"),
    path("whys/<int:pk>/chains/add/", whys.chain_add, name="theory-chain-add"),
    path("chains/<int:pk>/delete/", whys.chain_delete, name="theory-chain-delete"),
    path("chains/<int:pk>/steps/add/", whys.step_add, name="theory-step-add"),
    path("steps/<int:pk>/edit/", whys.step_edit, name="theory-step-edit"),
    path("steps/<int:pk>/move/", whys.step_move, name="theory-step-move"),
    path("steps/<int:pk>/root/", whys.step_root, name="theory-step-root"),
    path("steps/<int:pk>/delete/", whys.step_delete, name="theory-step-delete"),
]
