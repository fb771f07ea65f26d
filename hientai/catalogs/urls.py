from django.urls import path

from hientai.catalogs import views

app_name = "catalogs"
urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("import/", views.import_page, name="import"),
    path("<slug:key>/<str:version>/", views.scheme_detail, name="scheme_detail"),
]
