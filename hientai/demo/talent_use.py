"""Sample data for putting the talent to use (issue 18): published opportunities with a
nomination, support cases for foreign experts (one done, one under way) and a contest round
with published results. Everything goes through the apps' services, as the coordinator or
the ward officer would do it; dates are relative to `now` so the demo stays current."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from hientai.accounts.models import User
from hientai.catalogs.models import Code
from hientai.honours import services as honours
from hientai.honours.models import AwardLevel, Programme, RoundStatus
from hientai.opportunities import services as opportunities
from hientai.opportunities.models import Opportunity, OpportunityKind, SourceKind
from hientai.orgs.models import Unit
from hientai.registry.models import Person
from hientai.support import services as support
from hientai.support.models import CaseType

OPPORTUNITIES = [
    (
        "Học bổng thạc sĩ, tiến sĩ về thiết kế vi mạch tại Nhật Bản",
        OpportunityKind.SCHOLARSHIP, SourceKind.EMBASSY, "Đại sứ quán Nhật Bản", "JP",
        ["semiconductor"], "bán dẫn, vi mạch, thiết kế chip", 75,
    ),
    (
        "Chương trình đào tạo ngắn hạn về trí tuệ nhân tạo cho công chức",
        OpportunityKind.TRAINING, SourceKind.INTERNATIONAL, "Chương trình Phát triển Liên Hợp Quốc",
        "SG", ["digital"], "trí tuệ nhân tạo, dữ liệu lớn", 40,
    ),
    (
        "Đặt hàng nhiệm vụ khoa học công nghệ sinh học nông nghiệp năm 2027",
        OpportunityKind.CALL, SourceKind.CITY, "Sở Khoa học và Công nghệ Đồng Nai", "VN",
        ["biotechnology"], "công nghệ sinh học, giống cây trồng", 60,
    ),
]  # fmt: skip


def _codes(scheme: str, codes: list[str]) -> list[Code]:
    return list(Code.objects.filter(scheme__key=scheme, scheme__is_current=True, code__in=codes))


def load_demo_talent_use(now: datetime.datetime | None = None) -> str:
    now = now or timezone.now()
    today = timezone.localdate(now)
    coordinator = User.objects.filter(username="sokhcn").first()
    officer = User.objects.filter(username="tranbien").first()
    city = Unit.objects.filter(code="75.SKHCN").first()
    ward = Unit.objects.filter(code="26041").first()
    if coordinator is None or officer is None or city is None or ward is None:
        return ""
    if Opportunity.objects.exists():
        return ""
    made = []
    for title, kind, source_kind, source, country, techs, keywords, days in OPPORTUNITIES:
        item = Opportunity(
            title=title, kind=kind, source_kind=source_kind, source_name=source,
            country=Code.objects.filter(scheme__key="country", scheme__is_current=True,
                                        code=country).first(),
            keywords=keywords, deadline=today + datetime.timedelta(days=days),
            eligibility="Công chức, viên chức dưới 45 tuổi, có trình độ đại học trở lên.",
            published=True, unit=city,
        )  # fmt: skip
        made.append(
            opportunities.save_opportunity(
                coordinator, item, technologies=_codes("strategic_technology", techs)
            )
        )
    people = list(Person.objects.filter(unit=ward, status="active").order_by("pk")[:3])
    if people:
        opportunities.create_nomination(
            officer, person_id=people[0].pk, kind="training", opportunity=made[1],
            justification="Cán bộ phụ trách chuyển đổi số của phường.", now=now,
        )  # fmt: skip
    # Support cases: a visa done within its time limits, a residence card under way.
    visa = CaseType.objects.filter(code="visa").first()
    card = CaseType.objects.filter(code="residence_card").first()
    if visa is not None and card is not None:
        opened = today - datetime.timedelta(days=30)
        done = support.open_case(
            officer, case_type=visa, unit=ward, expert_name="Tanaka Hiroshi",
            expert_nationality="Nhật Bản", summary="Chuyên gia thiết kế vi mạch về làm việc.",
            opened_on=opened, now=opened,
        )  # fmt: skip
        for step_id in done.steps.order_by("position").values_list("pk", flat=True):
            step = done.steps.get(pk=step_id)  # each completion re-plans the later steps
            support.complete_step(officer, step, "Đã xong.", done_on=step.due_on, now=today)
        support.close_case(officer, done, now=today)
        under_way = support.open_case(
            officer, case_type=card, unit=ward, expert_name="Maria Schmidt",
            expert_nationality="Đức", summary="Cấp thẻ tạm trú cho chuyên gia công nghệ sinh học.",
            opened_on=today - datetime.timedelta(days=5), now=today,
        )  # fmt: skip
        first = under_way.steps.order_by("position").first()
        if first is not None:
            support.complete_step(officer, first, "Đã nhận đủ hồ sơ.", now=today)
    # A contest round with its results published.
    contest = Programme.objects.filter(code="creativity_contest").first()
    if contest is not None and people:
        year = today.year - 1
        title = f"Hội thi Sáng tạo kỹ thuật lần thứ {year - 2014}"
        contest_round = honours.create_round(
            coordinator, contest, year=year, title=title,
            opens_on=datetime.date(year, 3, 1), closes_on=datetime.date(year, 9, 30),
        )  # fmt: skip
        honours.move_round(coordinator, contest_round, RoundStatus.OPEN)
        entries = [
            honours.add_entry(coordinator, contest_round, title=title, field=field, person=person)
            for person, (title, field) in zip(
                people,
                [
                    ("Hệ thống tưới tiết kiệm nước dùng cảm biến IoT", "Nông nghiệp"),
                    ("Phần mềm trợ lý ảo tra cứu thủ tục hành chính", "Công nghệ số"),
                    ("Máy sấy hạt điều dùng năng lượng mặt trời", "Cơ khí"),
                ],
                strict=False,
            )
        ]
        honours.move_round(coordinator, contest_round, RoundStatus.JUDGING)
        for entry, level in zip(entries, [AwardLevel.FIRST, AwardLevel.SECOND], strict=False):
            honours.record_result(coordinator, entry, award_level=level, publish=True, now=now)
        honours.move_round(coordinator, contest_round, RoundStatus.PUBLISHED)
    return _("Loaded the opportunities, support cases and a contest round of the demo.")
