from django.urls import path

from hientai.talent import index_views, views

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
    path("index/", index_views.index_home, name="index_home"),
    path("index/compute/", index_views.index_compute, name="index_compute"),
    path("index/people/<int:pk>/", index_views.index_person, name="index_person"),
    path("index/method/", index_views.index_method, name="index_method"),
    path("index/method/new/", index_views.index_method_new, name="index_method_new"),
    path("index/sensitivity/", index_views.index_sensitivity, name="index_sensitivity"),
    path("vocabulary/", views.synonym_list, name="synonym_list"),
    path("vocabulary/add/", views.synonym_add, name="synonym_add"),
    path("vocabulary/<int:pk>/", views.synonym_edit, name="synonym_edit"),
]
