"""Demo tracking of the plans (issue 15): progress notes on the city plan's tasks, the unit
plans implementing the city task "Ban hành Kế hoạch … tại từng đơn vị" (so its progress
rolls up from theirs), responsible users, watchers, and signers of the reports.

Made through the plans services, so the audit trail is real; idempotent (a task that has
updates is left alone).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from hientai.accounts.models import User
from hientai.core.text import fold
from hientai.orgs.models import Unit
from hientai.plans import services
from hientai.plans.models import Plan, PlanStatus, Task, TaskStatus, UnitRole
from hientai.reporting import services as reporting_services
from hientai.reporting.models import ReportSigner

ROLLUP_TASK_WORDS = "ban hanh ke hoach trien khai thuc hien cu the tai tung don vi"
CHILD_TASK = "Xây dựng, ban hành và tổ chức triển khai Kế hoạch của đơn vị"
# (progress, note) of each unit plan's own task, in plan order.
CHILD_PROGRESS = [
    (100, "Đã ban hành Kế hoạch và phổ biến đến các phòng chuyên môn."),
    (60, "Đã ban hành Kế hoạch; đang giao chỉ tiêu cho các khu phố."),
    (100, "Đã ban hành Kế hoạch số 35/KH-SNgV, triển khai từ tháng 3/2026."),
]
# Progress notes on the city plan's tasks: (progress, note), given to its first tasks.
CITY_NOTES = [
    (70, "Đã kết nối 12 chuyên gia kiều bào; 4 chuyên gia tham gia tư vấn dự án chuyển đổi số."),
    (50, "Đã tổ chức 3 lớp bồi dưỡng kỹ năng số cho 240 cán bộ, công chức cấp xã."),
    (100, "Đã tổ chức diễn đàn đối thoại giữa lãnh đạo thành phố với 150 trí thức, nhà khoa học."),
    (40, "Đang rà soát cơ sở dữ liệu đội ngũ trí thức; đã cập nhật 20.000 hồ sơ."),
    (30, "Đã trình dự thảo chính sách thu hút nhân tài; đang lấy ý kiến các sở, ngành."),
    (80, "Đã đặt hàng 9 nhiệm vụ khoa học và công nghệ; 6 nhiệm vụ đã nghiệm thu."),
    (20, "Đang xây dựng kế hoạch tôn vinh trí thức tiêu biểu năm 2026."),
    (60, "Đã ký kết hợp tác đào tạo với 2 trường đại học trên địa bàn."),
]
SIGNERS = [
    ("75.SKHCN", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Khoa"),
    ("75.SNGV", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Trần Thị Hòa"),
    ("25210", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Minh Tâm"),
]


def _activate(plan: Plan) -> None:
    """A unit plan is activated through the service; one the demo's sample text leaves
    incomplete (the "6 rõ") is marked active directly, as its unit would after review."""
    if plan.status != PlanStatus.DRAFT:
        return
    try:
        services.activate(plan, None)
    except Exception:  # ActivationError: the sample's tasks lack some of the "6 rõ"
        Plan.objects.filter(pk=plan.pk).update(status=PlanStatus.ACTIVE)
        plan.refresh_from_db()


@transaction.atomic
def load_demo_tracking() -> str:
    admin = User.objects.filter(username="admin").first()
    city = Plan.objects.filter(status=PlanStatus.ACTIVE, parent__isnull=True).order_by("pk")
    parent = next(
        (
            task
            for task in Task.objects.filter(plan__in=city)
            if ROLLUP_TASK_WORDS in fold(task.content)
        ),
        None,
    )
    if admin is None or parent is None:
        return ""
    linked = 0
    children = list(Plan.objects.filter(parent=parent.plan).order_by("pk"))
    for plan, (progress, note) in zip(children, CHILD_PROGRESS, strict=False):
        task = plan.tasks.filter(parent_task=parent).first()
        if task is None:
            task = services.add_task(plan, None, CHILD_TASK)
            services.add_task_unit(task, None, UnitRole.LEAD, "", plan.issuing_unit)
            services.update_task(task, None, {"parent_task": parent})
        _activate(plan)
        if not task.updates.exists():
            task.refresh_from_db()
            services.post_update(task, admin, progress, note=note)
            linked += 1
    noted = 0
    tasks = [
        task
        for task in Task.objects.filter(plan=parent.plan)
        .exclude(pk=parent.pk)
        .order_by("position", "pk")
        if task.leads() and not task.child_tasks.exists()  # linked ones roll up instead
    ]
    for task, (progress, note) in zip(tasks, CITY_NOTES, strict=False):
        if task.updates.exists():
            continue
        status = TaskStatus.DONE if progress == 100 else TaskStatus.IN_PROGRESS
        services.post_update(task, admin, progress, status=status, note=note)
        noted += 1
    # The coordinator follows the task that rolls up; its lead's officer is responsible.
    coordinator = User.objects.filter(username="sokhcn").first()
    if coordinator is not None:
        parent.watchers.add(coordinator)
        if (
            parent.responsible_user_id is None
            and services.lead_unit_users(parent).filter(pk=coordinator.pk).exists()
        ):
            services.set_responsible_person(parent, None, "", responsible_user=coordinator)
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[s[0] for s in SIGNERS])}
    for code, authority, title, name in SIGNERS:
        if code in units and not ReportSigner.objects.filter(unit=units[code]).exists():
            reporting_services.save_signer(
                units[code], None, authority, title, name, channel="demo"
            )
    if not (linked or noted):
        return ""
    return _(
        "Posted %(noted)d progress notes; %(linked)d unit plans' tasks roll up into a city task."
    ) % {"noted": noted, "linked": linked}
