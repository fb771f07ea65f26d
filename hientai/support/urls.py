from django.urls import path

from hientai.support import views

app_name = "support"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("add/", views.case_add, name="case_add"),
    path("<int:pk>/", views.case_detail, name="case_detail"),
    path("<int:pk>/steps/<int:step>/", views.step_action, name="step_action"),
    path("<int:pk>/status/", views.case_status, name="case_status"),
]
