from django.urls import path

from hientai.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="indicator_list"),
    path("<str:code>/", views.indicator_detail, name="indicator_detail"),
]
