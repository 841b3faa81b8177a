from django.urls import path

from digikommun.identity import views as identity_views

from . import receipt, views_apply, views_catalog, views_mypages, views_next

app_name = "portal"

urlpatterns = [
    path("", views_catalog.home, name="home"),
    path("search/", views_catalog.search, name="search"),
    path("departments/", views_catalog.departments, name="departments"),
    path("life/<slug:key>/", views_catalog.life_situation, name="life_situation"),
    path("services/<slug:service_id>/", views_catalog.service_page, name="service"),
    path("services/<slug:service_id>/apply/", views_apply.apply_start, name="apply"),
    path("applications/<uuid:key>/", views_apply.application_resume, name="resume"),
    path(
        "applications/<uuid:key>/step/<int:number>/",
        views_apply.application_step,
        name="step",
    ),
    path(
        "applications/<uuid:key>/step/<int:number>/autosave/",
        views_apply.application_autosave,
        name="autosave",
    ),
    path("applications/<uuid:key>/review/", views_apply.application_review, name="review"),
    path("applications/<uuid:key>/delete/", views_apply.draft_delete, name="draft_delete"),
    path("my-pages/", views_mypages.my_pages, name="my_pages"),
    path("my-pages/cases/<int:case_id>/", views_mypages.case_page, name="case"),
    path("my-pages/cases/<int:case_id>/next/", views_next.apply_next, name="apply_next"),
    path(
        "my-pages/cases/<int:case_id>/application.pdf",
        receipt.application_pdf,
        name="application_pdf",
    ),
    path("my-pages/register-extract/", views_mypages.register_extract, name="extract"),
    path(
        "my-pages/register-extract.json",
        views_mypages.register_extract_json,
        name="extract_json",
    ),
    # The session's timeout warning and its end (views of the identity app).
    path("session/keepalive/", identity_views.session_keepalive, name="session_keepalive"),
    path("session/ended/", identity_views.session_ended, name="session_ended"),
]
