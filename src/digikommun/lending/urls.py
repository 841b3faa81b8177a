from django.urls import path

from . import views

app_name = "lending"

urlpatterns = [
    path("workbench/lending/", views.pools, name="pools"),
    path("workbench/lending/<slug:key>/", views.pool_page, name="pool"),
    path("workbench/lending/<slug:key>/calendar/", views.calendar_page, name="calendar"),
    path("workbench/lending/<slug:key>/items/", views.item_add, name="item_add"),
    path("workbench/lending/<slug:key>/items/<int:item_id>/", views.item_state, name="item_state"),
    path(
        "workbench/lending/<slug:key>/loans/<int:loan_id>/", views.loan_action, name="loan_action"
    ),
    path("workbench/lending/<slug:key>/loans/", views.loan_add, name="loan_add"),
    path("my-pages/loans/<int:loan_id>/answer/", views.answer, name="answer"),
    path("lending/set-up/<uuid:token>/", views.setup, name="setup"),
]
