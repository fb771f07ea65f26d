from django.urls import path

from hientai.reporting import (
    views,
    views_dashboard,
    views_datasets,
    views_inbox,
    views_report,
    views_requests,
    views_signers,
)

app_name = "reporting"
urlpatterns: list = [
    # REP: reports, data entry, review, completeness
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("submissions/<int:pk>/", views.submission_detail, name="submission"),
    path("submissions/<int:pk>/approve/", views.approve, name="approve"),
    path("submissions/<int:pk>/return/", views.return_submission, name="return"),
    path("submissions/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("review/", views.review, name="review"),
    path("completeness/", views.completeness, name="completeness"),
    path("requests/", views_requests.requests_page, name="requests"),
    # The coordinator's datasets (report forms and their assignments), not the admin
    path("datasets/", views_datasets.dataset_list, name="datasets"),
    path("datasets/new/", views_datasets.dataset_edit, name="dataset_new"),
    path("datasets/<int:pk>/", views_datasets.dataset_edit, name="dataset"),
    # Reminders: the inbox and the e-mail preference
    path("inbox/", views_inbox.inbox, name="inbox"),
    path("inbox/read/", views_inbox.inbox_read, name="inbox_read"),
    path("inbox/preference/", views_inbox.inbox_preference, name="inbox_preference"),
    # Who signs the reports each issuing unit sends
    path("signers/", views_signers.signers_page, name="signers"),
    # DOC: dashboard for leaders and coordinators
    path("dashboard/", views_dashboard.dashboard, name="dashboard"),
    # The consolidated report on the web (a background job per file)
    path("report/", views_report.report_page, name="report"),
    path("report/<int:pk>/", views_report.report_job, name="report_job"),
    path("report/<int:pk>/file/", views_report.report_download, name="report_file"),
]
