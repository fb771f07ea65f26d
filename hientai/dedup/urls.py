from django.urls import path

from hientai.dedup import views

app_name = "dedup"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.candidate, name="candidate"),
    path("merges/<int:pk>/undo/", views.unmerge, name="unmerge"),
]
