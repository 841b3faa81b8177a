from django.urls import path

from . import views

app_name = "files"

urlpatterns = [
    path("<uuid:key>/", views.download, name="download"),
]
