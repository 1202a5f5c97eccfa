"""The theory of improvement, mounted at /theory/: pages per focus area, then one URL per edit."""

from django.urls import path

from theory import edit_views as edit
from theory import views

urlpatterns = [
    path("", views.index, name="theory-index"),
    path("focus/<int:pk>/drivers/", views.driver_diagram, name="theory-drivers"),
    path("focus/<int:pk>/drivers.svg", views.driver_diagram_svg, name="theory-drivers-svg"),
    path("focus/<int:pk>/fishbone/", views.fishbone, name="theory-fishbone"),
    path("focus/<int:pk>/fishbone.svg", views.fishbone_svg, name="theory-fishbone-svg"),
    path("focus/<int:pk>/whys/", views.whys, name="theory-whys"),
    path("focus/<int:pk>/history/", views.history, name="theory-history"),
    # driver diagram
    path("focus/<int:pk>/drivers/add/", edit.driver_add, name="theory-driver-add"),
    path("focus/<int:pk>/ideas/add/", edit.idea_add, name="theory-idea-add"),
    path("drivers/<int:pk>/rename/", edit.driver_rename, name="theory-driver-rename"),
    path("drivers/<int:pk>/move/", edit.driver_move, name="theory-driver-move"),
    path("drivers/<int:pk>/delete/", edit.driver_delete, name="theory-driver-delete"),
    path("drivers/<int:pk>/link/", edit.driver_link, name="theory-driver-link"),
    path("drivers/<int:pk>/root-causes/", edit.root_cause_link, name="theory-root-cause-link"),
    path("driver-links/<int:pk>/delete/", edit.driver_unlink, name="theory-driver-unlink"),
    path("root-cause-links/<int:pk>/delete/", edit.root_cause_unlink, name="theory-root-cause-unlink"),
    path("ideas/<int:pk>/edit/", edit.idea_edit, name="theory-idea-edit"),
    path("ideas/<int:pk>/link/", edit.idea_link, name="theory-idea-link"),
    path("ideas/<int:pk>/archive/", edit.idea_archive, name="theory-idea-archive"),
    path("ideas/<int:pk>/delete/", edit.idea_delete, name="theory-idea-delete"),
    path("idea-links/<int:pk>/delete/", edit.idea_unlink, name="theory-idea-unlink"),
    # fishbone
    path("focus/<int:pk>/fishbone/start/", edit.fishbone_start, name="theory-fishbone-start"),
    path("fishbones/<int:pk>/effect/", edit.fishbone_effect, name="theory-fishbone-effect"),
    path("fishbones/<int:pk>/categories/add/", edit.category_add, name="theory-category-add"),
    path("categories/<int:pk>/rename/", edit.category_rename, name="theory-category-rename"),
    path("categories/<int:pk>/move/", edit.category_move, name="theory-category-move"),
    path("categories/<int:pk>/delete/", edit.category_delete, name="theory-category-delete"),
    path("categories/<int:pk>/causes/add/", edit.cause_add, name="theory-cause-add"),
    path("causes/<int:pk>/edit/", edit.cause_edit, name="theory-cause-edit"),
    path("causes/<int:pk>/move/", edit.cause_move, name="theory-cause-move"),
    path("causes/<int:pk>/delete/", edit.cause_delete, name="theory-cause-delete"),
    path("causes/<int:pk>/vote/", edit.cause_vote, name="theory-cause-vote"),
    # 5 Whys
    path("focus/<int:pk>/whys/start/", edit.why_start, name="theory-why-start"),
    path("whys/<int:pk>/edit/", edit.why_edit, name="theory-why-edit"),
    path("whys/<int:pk>/delete/", edit.why_delete, name="theory-why-delete"),
    path("whys/<int:pk>/chains/add/", edit.chain_add, name="theory-chain-add"),
    path("chains/<int:pk>/delete/", edit.chain_delete, name="theory-chain-delete"),
    path("chains/<int:pk>/steps/add/", edit.step_add, name="theory-step-add"),
    path("steps/<int:pk>/edit/", edit.step_edit, name="theory-step-edit"),
    path("steps/<int:pk>/move/", edit.step_move, name="theory-step-move"),
    path("steps/<int:pk>/root/", edit.step_root, name="theory-step-root"),
    path("steps/<int:pk>/delete/", edit.step_delete, name="theory-step-delete"),
]
