from django.contrib import admin
from django.urls import include, path

from digikommun.cases import public_views
from digikommun.identity import idp

# The test identity provider's authorize endpoint replaces the toolkit's own; the rest of
# the provider (token, keys, userinfo, discovery, logout) is the toolkit's.
_idp_patterns = [
    path("authorize/", idp.TestProviderAuthorizationView.as_view(), name="authorize"),
]
from oauth2_provider import urls as _oauth2_urls  # noqa: E402

_idp_patterns += [
    p for p in _oauth2_urls.base_urlpatterns if getattr(p, "name", None) != "authorize"
] + list(_oauth2_urls.oidc_urlpatterns)

urlpatterns = [
    path("", include("digikommun.portal.urls")),
    path("", include("digikommun.identity.urls")),
    path("workbench/", include("digikommun.workbench.urls")),
    path("", include("digikommun.open311.urls")),
    path("my-pages/cases/", include("digikommun.cases.resident_urls")),
    path("register/", public_views.register, name="public_register"),
    path("", include("digikommun.register.urls")),
    path("", include("digikommun.notify.urls")),
    path("", include("digikommun.letters.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("idp/choose/", idp.choose_person, name="idp_choose"),
    path("idp/", include((_idp_patterns, "oauth2_provider"))),
    path("files/", include("digikommun.files.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
