from django.urls import path, re_path

from . import views

app_name = "transparency"

urlpatterns = [
    path("benefit/", views.dashboard, name="benefit"),
    path("benefit/staff/", views.staff_dashboard, name="benefit_staff"),
    path("my-pages/cases/<int:case_id>/survey/", views.survey_answer, name="survey"),
    re_path(r"^open-data/benefit\.(?P<fmt>csv|json)$", views.open_data, name="open_data"),
]
