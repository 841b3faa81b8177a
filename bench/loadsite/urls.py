"""The platform's URLs and a bare Django endpoint: the baseline of `bench/load.py`.

`/bench/bare/` goes through the same server, middleware and session machinery as every
page, renders no template and reads nothing but the session, so the ratio of a submission
to it is the cost of the submission itself.
"""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("digikommun.conf.urls")),
]
