from django.urls import path

from hientai.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("upload/", views.plan_upload, name="plan_upload"),
    path("tasks/", views.task_list, name="task_list"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/review/", views.plan_review, name="plan_review"),
    path("<int:pk>/source/", views.plan_source, name="plan_source"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/activate/", views.plan_activate, name="plan_activate"),
    path("<int:pk>/close/", views.plan_close, name="plan_close"),
    path("<int:pk>/auto-map/", views.plan_automap, name="plan_automap"),
    path("<int:pk>/tasks/new/", views.task_add, name="task_add"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/row/", views.task_row, name="task_row"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<int:pk>/update/", views.task_update, name="task_update"),
    path("tasks/<int:pk>/person/", views.task_person, name="task_person"),
    path("tasks/<int:pk>/watch/", views.task_watch, name="task_watch"),
    path("<int:pk>/timeline/", views.plan_timeline, name="plan_timeline"),
    path("tasks/<int:pk>/extension/", views.task_extension, name="task_extension"),
    path("extensions/<int:pk>/decide/", views.extension_decide, name="extension_decide"),
    path("updates/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<str:kind>/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("<str:kind>/<int:pk>/row/", views.item_row, name="item_row"),
    path("<str:kind>/<int:pk>/delete/", views.item_delete, name="item_delete"),
]
