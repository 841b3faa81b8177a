from django.urls import path

from . import views

app_name = "letters"

urlpatterns = [
    # Beside the resident's case page (cases.resident_urls) on Mina sidor.
    path(
        "my-pages/cases/<int:case_id>/letters/<int:letter_id>/",
        views.letter_download,
        name="download",
    ),
]
