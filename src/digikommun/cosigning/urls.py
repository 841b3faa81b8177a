from django.urls import path

from . import views

app_name = "cosigning"

urlpatterns = [
    path("<int:cosignature_id>/", views.request_page, name="request"),
    path("<int:cosignature_id>/sign/", views.sign, name="sign"),
    path("<int:cosignature_id>/decline/", views.decline, name="decline"),
    path("<int:cosignature_id>/letters/<int:letter_id>/", views.letter, name="letter"),
]
