from django.urls import path

from hientai.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.home, name="home"),
    path("template.xlsx", views.template_download, name="template"),
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/commit/", views.job_commit, name="job_commit"),
    path("jobs/<int:pk>/cancel/", views.job_cancel, name="job_cancel"),
    path("jobs/<int:pk>/files/<str:key>/", views.job_download, name="job_file"),
]
