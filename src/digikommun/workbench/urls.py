from django.urls import path

from . import audit_views, letter_views, stuck, views

app_name = "workbench"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("take-next/", views.take_next, name="take_next"),
    path("audit/", audit_views.audit_log, name="audit"),
    path("stuck/", stuck.stuck_queue, name="stuck"),
    path("cases/<int:case_id>/", views.case_view, name="case"),
    path("cases/<int:case_id>/letters/<int:letter_id>/", letter_views.letter, name="letter"),
    path("cases/<int:case_id>/<slug:action>/", views.case_action, name="action"),
]
