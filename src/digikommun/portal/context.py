from django.conf import settings


def site(request):
    return {
        "municipality_name": settings.DIGIKOMMUN["MUNICIPALITY_NAME"],
        "test_idp_enabled": settings.TEST_IDP_ENABLED,
    }
