from django.urls import path, register_converter

from hientai.portal import views

app_name = "portal"


class LangConverter:
    regex = "vi|en|zh"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LangConverter, "lang")

urlpatterns = [
    path("", views.root, name="root"),
    # Editing (coordinators); before the language pages so "manage" is never a language.
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.page_edit, name="page_create"),
    path("manage/<int:pk>/", views.page_edit, name="page_edit"),
    path("manage/<int:pk>/status/", views.page_status, name="page_status"),
    path("manage/statistics/", views.statistics_publish, name="statistics_publish"),
    path("manage/experts/<int:pk>/", views.expert_fields, name="expert_fields"),
    # Public pages, one address per language.
    path("<lang:lang>/", views.home, name="home"),
    path("<lang:lang>/statistics/", views.statistics, name="statistics"),
    path("<lang:lang>/experts/", views.expert_list, name="expert_list"),
    path("<lang:lang>/experts/<int:pk>/", views.expert_detail, name="expert_detail"),
    path("<lang:lang>/more/<slug:key>/", views.section, name="section"),
    path("<lang:lang>/<slug:kind>/", views.page_list, name="page_list"),
    path("<lang:lang>/<slug:kind>/<slug:slug>/", views.page_detail, name="page_detail"),
]
