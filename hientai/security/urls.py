from django.urls import path

from hientai.security import views

app_name = "security"
urlpatterns = [
    path("second-factor/", views.otp_setup, name="otp_setup"),
    path("second-factor/verify/", views.otp_verify, name="otp_verify"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
