from django.urls import path

from . import owner_views, views

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

urlpatterns += [
    path("register/simulations/", owner_views.simulations, name="simulations"),
    path(
        "register/simulations/<slug:service_id>/run/",
        owner_views.simulation_start,
        name="simulation_start",
    ),
    path(
        "register/simulations/run/<int:run_id>/", owner_views.simulation_run, name="simulation_run"
    ),
    path(
        "register/simulations/<slug:service_id>/publish/",
        owner_views.simulation_publish,
        name="simulation_publish",
    ),
]
