from django.urls import path

from . import resident_views

app_name = "resident_case"

urlpatterns = [
    path("<int:case_id>/message/", resident_views.send_message, name="message"),
    path("<int:case_id>/completion/", resident_views.answer_completion, name="completion"),
]
