from django.urls import path

from . import views

urlpatterns = [
    path("register/algorithms/", views.algorithms, name="algorithm_register"),
    path("register/algorithms.json", views.algorithms_json, name="algorithm_register_json"),
    path("register/algorithms/<slug:service_id>/", views.algorithm, name="algorithm_model"),
    path(
        "register/algorithms/<slug:service_id>/v<int:number>/",
        views.algorithm,
        name="algorithm_model_version",
    ),
]
