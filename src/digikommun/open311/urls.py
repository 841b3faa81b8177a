from django.urls import path, re_path

from . import api, api_format, handle, views

app_name = "open311"

FMT = r"(?P<fmt>json|xml)"

urlpatterns = [
    # Open311 GeoReport v2
    re_path(rf"^open311/v2/discovery\.{FMT}$", api.discovery, name="discovery"),
    re_path(rf"^open311/v2/services\.{FMT}$", api.services, name="services"),
    re_path(
        rf"^open311/v2/services/(?P<code>[A-Za-z0-9_-]+)\.{FMT}$",
        api.service_definition,
        name="service",
    ),
    re_path(rf"^open311/v2/requests\.{FMT}$", api.requests_, name="requests"),
    re_path(
        rf"^open311/v2/requests/(?P<request_id>[A-Za-z0-9_-]+)\.{FMT}$",
        api.request_one,
        name="request",
    ),
    re_path(rf"^open311/v2/tokens/(?P<token>[A-Za-z0-9_-]+)\.{FMT}$", api.token, name="token"),
    # The service request updates extension, as FixMyStreet's Open311 client calls it.
    re_path(rf"^open311/v2/servicerequestupdates\.{FMT}$", api.request_updates, name="updates"),
    # Anything else under the API: an Open311 error list, not an HTML page.
    re_path(r"^open311/v2/(?P<rest>.*)$", api_format.not_found, name="not_found"),
    # The public pages
    path("felanmalan/", views.public_map, name="map"),
    path("felanmalan/report/", views.report_form, name="report"),
    path("felanmalan/reports/<slug:public_id>/", views.report_page, name="report_page"),
    path("felanmalan/reports/<slug:public_id>/follow/", views.follow, name="follow"),
    path("felanmalan/reports/<slug:public_id>/photo/", views.photo, name="photo"),
    path("felanmalan/unfollow/<uuid:token>/", views.unfollow, name="unfollow"),
    path("felanmalan/follow/<uuid:token>/", views.follow_confirm, name="follow_confirm"),
    # The caseworker's page, linked from the workbench's case page
    path("workbench/fault-reports/<int:case_id>/", handle.handle, name="handle"),
]
