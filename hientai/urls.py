from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from oauth2_provider.views import TokenView

from hientai.api import api
from hientai.portal import views as portal_views
from hientai.site import views as site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Single sign-on (issue 19 item 5): 404 unless OIDC is configured.
    path("sso/", include("hientai.accounts.oidc_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("units/", include("hientai.orgs.urls")),
    path("code-lists/", include("hientai.catalogs.urls")),
    path("people/", include("hientai.registry.urls")),
    path("quality/", include("hientai.quality.urls")),
    path("duplicates/", include("hientai.dedup.urls")),
    path("plans/", include("hientai.plans.urls")),
    path("talent/", include("hientai.talent.urls")),  # issue 18: finder, organisations
    path("exchange/", include("hientai.exchange.urls")),
    path("indicators/", include("hientai.indicators.urls")),
    path("reporting/", include("hientai.reporting.urls")),
    path("opportunities/", include("hientai.opportunities.urls")),  # issue 18 item 3
    path("support/", include("hientai.support.urls")),  # issue 18 item 4
    path("honours/", include("hientai.honours.urls")),  # issue 18 item 5
    path("interop/", include("hientai.interop.urls")),  # issue 19 item 4
    path("me/", include("hientai.selfservice.urls")),  # issue 19 item 2
    path("public/", include("hientai.portal.urls")),  # issue 19 item 1
    path("robots.txt", portal_views.robots, name="robots"),
    path("sitemap.xml", portal_views.sitemap, name="sitemap"),
    path("audit/", include("hientai.accounts.urls")),
    path("security/", include("hientai.security.urls")),  # issue 12: second factor
    # Personal-data protection (issue 12): notice (public), requests, breaches, retention.
    path("privacy/", include("hientai.dataprotection.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # Client-credentials tokens for other systems (issue 19); no other OAuth2 endpoint.
    path("oauth/token/", TokenView.as_view(), name="oauth2_token"),
]
