from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("kurser/", views.catalogue, name="catalogue"),
    path("kurser/<int:session_id>/", views.session_page, name="session"),
    path("kurser/bokning/<uuid:token>/", views.booking_page, name="booking"),
    path("kurser/bokning/<uuid:token>/intyg.pdf", views.certificate, name="certificate"),
    path("workbench/courses/", views.teacher_sessions, name="teacher"),
    path("workbench/courses/<int:session_id>/attendance/", views.attendance, name="attendance"),
]
