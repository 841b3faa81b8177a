from django.urls import path

from . import views

app_name = "webhooks"

urlpatterns = [
    path("", views.subscriptions, name="subscriptions"),
    path("new/", views.subscription_new, name="subscription_new"),
    path("<int:pk>/active/", views.subscription_active, name="subscription_active"),
    path("deliveries/", views.deliveries, name="deliveries"),
    path("deliveries/<int:pk>/", views.delivery, name="delivery"),
    path("deliveries/<int:pk>/replay/", views.delivery_replay, name="delivery_replay"),
]
