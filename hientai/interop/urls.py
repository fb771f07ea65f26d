from django.urls import path

from hientai.interop import views

app_name = "interop"

urlpatterns = [
    path("", views.home, name="home"),
    path("endpoints/add/", views.endpoint_add, name="endpoint_add"),
    path("endpoints/<int:pk>/", views.endpoint_edit, name="endpoint_edit"),
    path("endpoints/<int:pk>/push/", views.push_now, name="push_now"),
    path("pushes/<int:pk>/", views.push_detail, name="push_detail"),
    path("mapping/", views.mapping_list, name="mapping_list"),
    path("mapping/add/", views.mapping_add, name="mapping_add"),
    path("mapping/<int:pk>/", views.mapping_edit, name="mapping_edit"),
]
