from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from digikommun.cases import public_views

urlpatterns = [
    path("", include("digikommun.portal.urls")),
    path("", include("digikommun.identity.urls")),
    path("", include("digikommun.appeals.urls")),  # before workbench/: its own workbench paths
    path("workbench/webhooks/", include("digikommun.webhooks.urls")),
    path("", include("digikommun.lending.urls")),  # before workbench/: its own workbench paths
    path("workbench/", include("digikommun.workbench.urls")),
    path("", include("digikommun.open311.urls")),
    path("", include("digikommun.courses.urls")),
    path("", include("digikommun.transparency.urls")),
    path("my-pages/cases/", include("digikommun.cases.resident_urls")),
    path("my-pages/cosign/", include("digikommun.cosigning.urls")),
    path("register/", public_views.register, name="public_register"),
    path("", include("digikommun.register.urls")),
    path("", include("digikommun.notify.urls")),
    path("", include("digikommun.letters.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("files/", include("digikommun.files.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("digikommun.api.urls")),
]

if settings.TEST_IDP_ENABLED:
    # The test identity provider (demo and test settings only; its app is not installed in
    # production). Its authorize endpoint replaces the toolkit's own; the rest of the
    # provider (token, keys, userinfo, discovery, logout) is the toolkit's.
    from oauth2_provider import urls as _oauth2_urls

    from digikommun.identity import idp

    _idp_patterns = [
        path("authorize/", idp.TestProviderAuthorizationView.as_view(), name="authorize"),
    ]
    _idp_patterns += [
        p for p in _oauth2_urls.base_urlpatterns if getattr(p, "name", None) != "authorize"
    ] + list(_oauth2_urls.oidc_urlpatterns)
    urlpatterns += [
        path("idp/choose/", idp.choose_person, name="idp_choose"),
        path("idp/", include((_idp_patterns, "oauth2_provider"))),
    ]

if settings.ADMIN_ENABLED:
    # Django's admin, for staff accounts (is_staff) only; failed passwords are counted by
    # django-axes. Off with ADMIN_ENABLED=0.
    urlpatterns.append(path("admin/", admin.site.urls))

# An upload too large or a full disk is answered with its own page, wherever it is found
# (digikommun.limits.uploads); other bad requests with Django's 400.
handler400 = "digikommun.limits.views.bad_request"
