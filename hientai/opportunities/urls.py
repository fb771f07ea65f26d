from django.urls import path

from hientai.opportunities import views

app_name = "opportunities"

urlpatterns = [
    path("", views.opportunity_list, name="opportunity_list"),
    path("add/", views.opportunity_add, name="opportunity_add"),
    path("<int:pk>/", views.opportunity_detail, name="opportunity_detail"),
    path("<int:pk>/edit/", views.opportunity_edit, name="opportunity_edit"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path("nominations/", views.nomination_list, name="nomination_list"),
    path("nominations/add/", views.nomination_add, name="nomination_add"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("rules/", views.rule_list, name="rule_list"),
    path("rules/add/", views.rule_add, name="rule_add"),
    path("rules/<int:pk>/", views.rule_edit, name="rule_edit"),
]
