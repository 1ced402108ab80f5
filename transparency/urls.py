from django.urls import path

from . import views

app_name = "transparency"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.directive, name="directive"),
    path("<int:pk>/data.csv", views.directive_csv, name="directive_csv"),
    path("<int:pk>/data.json", views.directive_json, name="directive_json"),
    path("<int:pk>/publication/", views.publication_set, name="publication_set"),
]
