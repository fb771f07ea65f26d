from django.urls import path

from hientai.dataprotection import views

app_name = "dataprotection"
urlpatterns = [
    path("", views.home, name="home"),
    path("notice/", views.notice, name="notice"),
    path("notice/<str:version>/", views.notice, name="notice_version"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/basis/", views.record_basis, name="record_basis"),
    path("people/<int:pk>/requests/", views.receive_request, name="receive_request"),
    path("people/<int:pk>/export.<str:fmt>", views.export_person, name="export"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/<str:action>/", views.request_action, name="request_action"),
    path("breaches/", views.breaches, name="breaches"),
    path("breaches/<int:pk>/", views.breach, name="breach"),
    path("retention/", views.retention, name="retention"),
]
