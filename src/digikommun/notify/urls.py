from django.urls import path

from . import views

app_name = "notify"

urlpatterns = [
    path("my-pages/notifications/", views.preferences, name="preferences"),
]
