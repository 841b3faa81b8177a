from django.urls import path

from . import views
from .api import api
from .oauth_views import TokenView

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/v1/docs/", views.docs, name="api_docs"),
    path("api/oauth/token/", TokenView.as_view(), name="api_token"),
]
