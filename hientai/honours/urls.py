from django.urls import path

from hientai.honours import views

app_name = "honours"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/rounds/add/", views.round_add, name="round_add"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/entries/add/", views.entry_add, name="entry_add"),
    path("entries/<int:pk>/result/", views.entry_result, name="entry_result"),
]
