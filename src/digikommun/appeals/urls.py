from django.urls import path

from . import resident_views, workbench_views

app_name = "appeals"

urlpatterns = [
    path(
        "my-pages/cases/<int:case_id>/ask-a-person/",
        resident_views.ask_person,
        name="ask_person",
    ),
    path("my-pages/cases/<int:case_id>/appeal/", resident_views.appeal, name="lodge"),
    path(
        "my-pages/cases/<int:case_id>/appeals/<int:appeal_id>/rejection.pdf",
        resident_views.rejection_letter,
        name="rejection_letter",
    ),
    path("workbench/reconsiderations/", workbench_views.tasks, name="tasks"),
    path(
        "workbench/reconsiderations/<int:pk>/",
        workbench_views.reconsideration,
        name="reconsideration",
    ),
    path(
        "workbench/reconsiderations/start/<int:case_id>/",
        workbench_views.start,
        name="start",
    ),
    path("workbench/appeals/<int:pk>/", workbench_views.appeal, name="appeal"),
    path(
        "workbench/appeals/<int:pk>/court-file.pdf", workbench_views.court_file, name="court_file"
    ),
]
