from django.urls import path

from hientai.registry import access_views, views

app_name = "registry"
urlpatterns = [
    path("", views.person_list, name="person_list"),
    path("new/", views.person_create, name="person_create"),
    path("access-log/", access_views.access_log_page, name="access_log"),
    path(
        "access-log/export.<str:fmt>",
        access_views.access_log_export,
        name="access_log_export",
    ),
    path("<int:pk>/", views.person_detail, name="person_detail"),
    path("<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<int:pk>/edit/<slug:part>/", views.person_edit, name="person_edit_part"),
    path("<int:pk>/status/", views.person_status, name="person_status"),
    path("<int:pk>/history/", views.person_history, name="person_history"),
]
