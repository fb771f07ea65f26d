from django.urls import path

from hientai.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<str:code>/", views.unit_detail, name="unit_detail"),
    path("<str:code>/change/", views.unit_change, name="unit_change"),
]
