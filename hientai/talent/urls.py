from django.urls import path

from hientai.talent import views

app_name = "talent"

urlpatterns = [
    path("finder/", views.finder, name="finder"),
    path("shortlists/", views.shortlist_list, name="shortlist_list"),
    path("shortlists/add/", views.shortlist_add, name="shortlist_add"),
    path("shortlists/<int:pk>/", views.shortlist_detail, name="shortlist_detail"),
    path("shortlists/<int:pk>/export.<str:fmt>", views.shortlist_export, name="shortlist_export"),
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/add/", views.organisation_add, name="organisation_add"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("vocabulary/", views.synonym_list, name="synonym_list"),
    path("vocabulary/add/", views.synonym_add, name="synonym_add"),
    path("vocabulary/<int:pk>/", views.synonym_edit, name="synonym_edit"),
]
