"""The job list says what an import did, as the job's page does: rejected, checked with N
errors, checked without error, or imported with N created and M updated; never a bare
"Thành công" for a check that rejected rows."""

from hientai.accounts.models import Role, RoleAssignment, User
from hientai.jobs.models import Job, JobStatus
from hientai.orgs.models import Unit


def test_job_list_says_what_each_import_did(db, login):
    user = User.objects.create_user("outcome_officer", password="officer-pass-2026")
    ward = Unit.objects.get(code="25210")
    RoleAssignment.objects.create(user=user, role=Role.OFFICER, unit=ward)
    done = JobStatus.SUCCEEDED
    for params, result in (
        ({"dry_run": True}, {"dry_run": True, "errors": 483, "rejected": 483, "rows": 500}),
        ({"dry_run": True}, {"dry_run": True, "errors": 0, "rejected": 0, "rows": 20}),
        ({"dry_run": False}, {"committed": True, "created": 12, "updated": 3, "rows": 15}),
        ({"dry_run": False}, {"dry_run": False, "errors": 2, "rejected": 2, "rows": 15}),
    ):
        Job.objects.create(
            kind="import_people", status=done, user=user, unit=ward, params=params, result=result
        )
    client = login(user)
    client.cookies["django_language"] = "vi"
    page = client.get("/exchange/jobs/").content.decode()
    assert "Đã kiểm tra: 483 lỗi" in page
    assert "Đã kiểm tra: không có lỗi" in page
    assert "Đã nhập: 12 tạo mới, 3 cập nhật" in page
    assert "Bị từ chối: không ghi gì" in page
    assert page.count("Thành công") == 0, page
