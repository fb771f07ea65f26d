from django.urls import path

from hientai.selfservice import views

app_name = "selfservice"
urlpatterns = [
    path("", views.home, name="home"),
    path("register/", views.register, name="register"),
    path("register/sent/", views.register_sent, name="register_sent"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("consent/", views.consent, name="consent"),
    path("consent/<slug:code>/withdraw/", views.withdraw, name="withdraw"),
    path("profile/", views.profile, name="profile"),
    path("changes/", views.changes, name="changes"),
    path("changes/<int:pk>/cancel/", views.change_cancel, name="change_cancel"),
    path("data/", views.data, name="data"),
    path("data/export.<str:fmt>", views.export_data, name="export"),
    path("invitations/", views.invitations, name="invitations"),
    path("invitations/<int:pk>/answer/", views.invitation_answer, name="invitation_answer"),
    path("review/", views.review_list, name="review_list"),
    path("review/<int:pk>/", views.review, name="review"),
    path("connect/", views.connect, name="connect"),
]
