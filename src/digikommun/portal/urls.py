from django.urls import path

from . import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("services/<slug:service_id>/", views.service_page, name="service"),
    path("services/<slug:service_id>/apply/", views.apply_start, name="apply"),
    path("applications/<uuid:key>/step/<int:number>/", views.application_step, name="step"),
    path("applications/<uuid:key>/review/", views.application_review, name="review"),
    path("my-pages/", views.my_pages, name="my_pages"),
    path("my-pages/cases/<int:case_id>/", views.case_page, name="case"),
]
