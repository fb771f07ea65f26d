"""Every rule fires on its own condition (Vietnamese explanation asserted) and stays
quiet on a near miss; a complete, clean profile fires nothing."""

import datetime
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.utils import translation

from hientai.catalogs.models import Code, Scheme
from hientai.orgs.models import Unit
from hientai.quality.engine import check_person
from hientai.quality.rules import RULES, orcid_check_digit, parse_phone, title_case
from hientai.registry.models import (
    Employment,
    Person,
    Qualification,
    StatusPeriod,
    TrainingRecord,
)
from tests.quality.conftest import TODAY, code, make_person, personal_id

pytestmark = pytest.mark.django_db


def years_ago(years: int, days: int = 0) -> datetime.date:
    day = (
        TODAY.replace(year=TODAY.year - years)
        if (TODAY.month, TODAY.day) != (2, 29)
        else (TODAY.replace(year=TODAY.year - years, day=28))
    )
    return day - datetime.timedelta(days=days)


def findings_of(person: Person) -> list:
    return check_person(Person.objects.get(pk=person.pk))


@dataclass
class Case:
    rule: str
    vietnamese: str = ""
    fields: Callable[[], dict[str, Any]] = dict
    after: Callable[[Person], None] = lambda person: None
    extra: tuple[str, ...] = ()
    suggested: str | None = None
    categories: tuple[str, ...] = ("expert",)
    kwargs: dict[str, Any] = field(default_factory=dict)

    def build(self) -> Person:
        person = make_person(categories=self.categories, **self.fields())
        self.after(person)
        return person


def _set(**values: Any) -> Callable[[Person], None]:
    def apply(person: Person) -> None:
        Person.objects.filter(pk=person.pk).update(**values)

    return apply


def _add_period(status: str, start: datetime.date, end: datetime.date | None = None):
    def apply(person: Person) -> None:
        StatusPeriod.objects.create(
            person=person, status=status, effective_from=start, effective_to=end
        )

    return apply


def _close_active_then_deceased(person: Person) -> None:
    StatusPeriod.objects.filter(person=person).update(effective_to=datetime.date(2024, 12, 31))
    StatusPeriod.objects.create(
        person=person, status="deceased", effective_from=datetime.date(2025, 1, 1)
    )


def _expired_ethnic_code() -> dict[str, Any]:
    scheme = Scheme.objects.get(key="ethnic_group", is_current=True)
    old = Code.objects.create(
        scheme=scheme, code="T1", label_vi="Thử", valid_to=datetime.date(2020, 1, 1)
    )
    return {"ethnic_group": old}


def _future_ethnic_code() -> dict[str, Any]:
    scheme = Scheme.objects.get(key="ethnic_group", is_current=True)
    code_ = Code.objects.create(
        scheme=scheme, code="T2", label_vi="Thử", valid_to=TODAY + datetime.timedelta(days=30)
    )
    return {"ethnic_group": code_}


def _twin(unit: str = "25210", **fields: Any) -> Callable[[Person], None]:
    def apply(person: Person) -> None:
        make_person(unit=unit, **fields)

    return apply


def _move_to_former_ward(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(unit=Unit.objects.get(code="legacy:25210"))


def _public_employment(person: Person) -> None:
    Employment.objects.create(
        person=person,
        unit=Unit.objects.get(code="25210"),
        position="Chuyên viên",
        start=datetime.date(2020, 1, 1),
    )


def _college_only(person: Person) -> None:
    Qualification.objects.filter(person=person).update(
        level=code("qualification_level", "VQF5"), degree=code("degree", "cao_dang")
    )


FIRE = [
    Case(
        "correct.personal_id.format",
        "phải có đúng 12 chữ số",
        fields=lambda: {"personal_id": "07508012345"},
    ),
    Case(
        "correct.personal_id.province",
        "bắt đầu bằng 003",
        fields=lambda: {"personal_id": personal_id(prefix="003")},
    ),
    Case(
        "correct.personal_id.gender_century",
        "Chữ số thứ 4 của số định danh cá nhân là 0",
        fields=lambda: {"gender": "female"},
    ),
    Case(
        "correct.personal_id.birth_year",
        "Chữ số thứ 5–6 của số định danh cá nhân là 85",
        fields=lambda: {"personal_id": personal_id(year=1985)},
    ),
    Case(
        "correct.old_id.format",
        "phải có đúng 9 chữ số",
        fields=lambda: {"old_id_number": "12345678"},
    ),
    Case(
        "correct.birth_year.range",
        "Năm sinh 2099 không hợp lý",
        fields=lambda: {"birth_date": None, "birth_year": 2099},
    ),
    Case(
        "correct.birth_year.mismatch",
        "Năm sinh 1981 không khớp với ngày sinh 01/05/1980",
        fields=lambda: {"birth_year": 1981},
        extra=("correct.personal_id.birth_year",),
        suggested="1980",
    ),
    Case(
        "correct.age.minimum",
        "Người này mới 10 tuổi",
        fields=lambda: {
            "birth_date": years_ago(10),
            "personal_id": personal_id(digit=2, year=years_ago(10).year),
        },
        extra=("correct.qualification.year",),
    ),
    Case(
        "correct.date.future",
        "Trường “ngày xác minh gần nhất” có giá trị",
        fields=lambda: {"last_verified_on": TODAY + datetime.timedelta(days=10)},
    ),
    Case(
        "correct.qualification.year",
        "Một văn bằng ghi năm 1990",
        after=lambda p: Qualification.objects.create(person=p, year=1990),
    ),
    Case(
        "correct.employment.period",
        "Một quá trình công tác bắt đầu ngày 01/01/2020",
        after=lambda p: Employment.objects.create(
            person=p, start=datetime.date(2020, 1, 1), end=datetime.date(2019, 1, 1)
        ),
    ),
    Case(
        "correct.training.period",
        "Một khóa đào tạo, bồi dưỡng bắt đầu ngày 01/01/2020",
        after=lambda p: TrainingRecord.objects.create(
            person=p, start=datetime.date(2020, 1, 1), end=datetime.date(2019, 1, 1)
        ),
    ),
    Case(
        "correct.status.period",
        "kết thúc ngày 01/01/2009, trước ngày bắt đầu",
        after=_add_period("studying", datetime.date(2010, 1, 1), datetime.date(2009, 1, 1)),
    ),
    Case(
        "correct.status.overlap",
        "Hai giai đoạn trạng thái chồng lấn",
        after=_add_period("studying", datetime.date(2019, 1, 1), datetime.date(2021, 1, 1)),
    ),
    Case(
        "correct.code.scheme",
        "Trường “dân tộc” mang mã VN của danh mục “country”",
        fields=lambda: {"ethnic_group": code("country", "VN")},
    ),
    Case(
        "correct.code.expired", "mã này đã hết hiệu lực từ 01/01/2020", fields=_expired_ethnic_code
    ),
    Case(
        "correct.code.superseded",
        "cần mã hóa lại theo phiên bản hiện hành QD1019-2008",
        fields=lambda: {
            "ethnic_group": Code.objects.get(
                scheme__key="ethnic_group", scheme__version="QD121-1979", code="04"
            )
        },
        suggested="06",
    ),
    Case(
        "correct.email.format",
        "Địa chỉ thư điện tử “an.nguyen@” không hợp lệ",
        fields=lambda: {"email": "an.nguyen@"},
    ),
    Case(
        "correct.phone.format",
        "Số điện thoại “12345” không phải",
        fields=lambda: {"phone": "12345"},
    ),
    Case(
        "correct.orcid.format",
        "phải gồm bốn nhóm bốn ký tự",
        fields=lambda: {"orcid": "0000000218250097"},
        suggested="0000-0002-1825-0097",
    ),
    Case(
        "correct.orcid.checksum",
        "ký tự cuối phải là 7",
        fields=lambda: {"orcid": "0000-0002-1825-0098"},
    ),
    Case("complete.name", "Thiếu tên.", fields=lambda: {"given_name": ""}),
    Case("complete.gender", "Thiếu giới tính.", fields=lambda: {"gender": ""}),
    Case("complete.birth", "Chưa có ngày sinh hoặc năm sinh.", fields=lambda: {"birth_date": None}),
    Case(
        "complete.unit",
        "Đơn vị quản lý Phường Tiến Thành không còn tồn tại",
        after=_move_to_former_ward,
        suggested="25210",
    ),
    Case("complete.category", "Hồ sơ chưa thuộc nhóm đối tượng nào", categories=()),
    Case(
        "complete.expert.qualification",
        "cần có ít nhất một văn bằng",
        after=lambda p: p.qualifications.all().delete(),
    ),
    Case(
        "complete.expert.st_field",
        "cần có ít nhất một lĩnh vực KH&CN",
        after=lambda p: p.st_fields.clear(),
        suggested="1",
    ),
    Case(
        "complete.public_staff.employment",
        "Cán bộ, công chức, viên chức cần có quá trình",
        categories=("public_staff",),
    ),
    Case(
        "complete.overseas.country",
        "cần có quốc gia cư trú",
        fields=lambda: {"overseas_kind": "vietnamese_abroad"},
    ),
    Case(
        "complete.high_quality.qualification",
        "trình độ đại học (bậc 6",
        categories=("high_quality",),
        after=_college_only,
    ),
    Case(
        "complete.contact",
        "Không có địa chỉ thư điện tử lẫn số điện thoại",
        fields=lambda: {"email": "", "phone": ""},
    ),
    Case("complete.personal_id", "Thiếu số định danh cá nhân", fields=lambda: {"personal_id": ""}),
    Case(
        "clean.text.nfc",
        "Trường “họ” chưa ở dạng Unicode dựng sẵn (NFC)",
        fields=lambda: {"family_name": unicodedata.normalize("NFD", "Nguyễn")},
        suggested="Nguyễn",
    ),
    Case(
        "clean.text.spaces",
        "Trường “địa chỉ” có khoảng trắng thừa",
        fields=lambda: {"address": "12  Lê Lợi "},
        suggested="12 Lê Lợi",
    ),
    Case(
        "clean.name.casing",
        "Trường “tên” (“HÙNG”) chưa viết hoa chữ cái đầu",
        fields=lambda: {"given_name": "HÙNG"},
        suggested="Hùng",
    ),
    Case(
        "clean.phone.normalised",
        "Nên ghi số điện thoại theo dạng quốc tế: +84912345678",
        fields=lambda: {"phone": "0912 345 678"},
        suggested="+84912345678",
    ),
    Case(
        "clean.duplicate.id",
        "Có thể trùng lặp: 1 hồ sơ khác có cùng số định danh",
        fields=lambda: {"old_id_number": "123456789"},
        after=_twin(old_id_number="123456789", given_name="Bình"),
    ),
    Case(
        "clean.duplicate.name",
        "Có thể trùng lặp: 1 hồ sơ khác trong cùng đơn vị",
        after=_twin(family_name="Nguyen", middle_name="van", given_name="AN  "),
    ),
    Case(
        "live.verified.missing",
        "Hồ sơ chưa từng được xác minh.",
        fields=lambda: {"last_verified_on": None},
    ),
    Case(
        "live.verified.stale",
        "đã quá 12 tháng",
        fields=lambda: {"last_verified_on": years_ago(1, days=1)},
    ),
    Case(
        "live.status.missing",
        "Không có giai đoạn trạng thái nào bao trùm ngày hôm nay",
        after=lambda p: p.status_periods.all().delete(),
    ),
    Case(
        "live.status.derived",
        "khác với quá trình trạng thái tại ngày hôm nay",
        after=_set(status="retired"),
        suggested="active",
    ),
    Case(
        "live.status.deceased_active",
        "được ghi nhận đã mất từ ngày 01/01/2025",
        after=_close_active_then_deceased,
        extra=("live.status.derived",),
        suggested="deceased",
    ),
    Case(
        "live.status.over_65_active",
        "Người này 76 tuổi mà vẫn ở trạng thái đang làm việc",
        fields=lambda: {
            "birth_date": years_ago(76, days=1),
            "personal_id": personal_id(year=years_ago(76, days=1).year),
        },
        suggested="retired",
    ),
]

QUIET = [
    Case("correct.personal_id.format", fields=lambda: {"personal_id": "075080000999"}),
    Case(
        "correct.personal_id.province",
        fields=lambda: {
            "personal_id": personal_id(prefix="840"),
            "overseas_kind": "vietnamese_abroad",
            "overseas_country": code("country", "US"),
        },
    ),
    Case(
        "correct.personal_id.gender_century",
        fields=lambda: {"gender": "female", "personal_id": personal_id(digit=1)},
    ),
    Case("correct.personal_id.birth_year", fields=lambda: {"birth_date": None, "birth_year": 1980}),
    Case("correct.old_id.format", fields=lambda: {"old_id_number": "123456789"}),
    Case(
        "correct.birth_year.range",
        fields=lambda: {
            "birth_date": None,
            "birth_year": 1900,
            "personal_id": personal_id(year=1900),
        },
    ),
    Case("correct.birth_year.mismatch", fields=lambda: {"birth_year": 1980}),
    Case(
        "correct.age.minimum",
        fields=lambda: {
            "birth_date": years_ago(15),
            "personal_id": personal_id(digit=2, year=years_ago(15).year),
        },
    ),
    Case("correct.date.future", fields=lambda: {"last_verified_on": TODAY}),
    Case(
        "correct.qualification.year",
        after=lambda p: Qualification.objects.create(person=p, year=1995),
    ),
    Case(
        "correct.employment.period",
        after=lambda p: Employment.objects.create(
            person=p, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 1, 1)
        ),
    ),
    Case(
        "correct.training.period",
        after=lambda p: TrainingRecord.objects.create(
            person=p, start=datetime.date(2019, 1, 1), end=datetime.date(2019, 2, 1)
        ),
    ),
    Case(
        "correct.status.period",
        after=_add_period("studying", datetime.date(2010, 1, 1), datetime.date(2010, 1, 1)),
    ),
    Case(
        "correct.status.overlap",
        after=_add_period("studying", datetime.date(2019, 1, 1), datetime.date(2019, 12, 31)),
    ),
    Case("correct.code.scheme", fields=lambda: {"ethnic_group": code("ethnic_group", "06")}),
    Case("correct.code.expired", fields=_future_ethnic_code),
    Case("correct.code.superseded", fields=lambda: {"ethnic_group": code("ethnic_group", "06")}),
    Case("correct.email.format", fields=lambda: {"email": "an@dongnai.gov.vn"}),
    Case("correct.phone.format", fields=lambda: {"phone": "+33 1 23 45 67 89"}),
    Case("correct.orcid.format", fields=lambda: {"orcid": "0000-0002-1825-0097"}),
    Case("correct.orcid.checksum", fields=lambda: {"orcid": "0000-0001-5109-3700"}),
    Case("complete.name", fields=lambda: {"middle_name": ""}),
    Case("complete.gender", fields=lambda: {"gender": "other"}),
    Case("complete.birth", fields=lambda: {"birth_date": None, "birth_year": 1980}),
    Case("complete.unit", fields=lambda: {}, kwargs={"unit": "26041"}),
    Case("complete.category", categories=("youth",)),
    Case(
        "complete.expert.qualification",
        categories=("talent",),
        after=lambda p: p.qualifications.all().delete(),
    ),
    Case("complete.expert.st_field", categories=("youth",), after=lambda p: p.st_fields.clear()),
    Case(
        "complete.public_staff.employment", categories=("public_staff",), after=_public_employment
    ),
    Case(
        "complete.overseas.country",
        fields=lambda: {
            "overseas_kind": "vietnamese_abroad",
            "overseas_country": code("country", "US"),
        },
    ),
    Case("complete.high_quality.qualification", categories=("high_quality",)),
    Case("complete.contact", fields=lambda: {"phone": ""}),
    Case(
        "complete.personal_id",
        fields=lambda: {"personal_id": "", "nationality": code("country", "FR")},
    ),
    Case("clean.text.nfc", fields=lambda: {"family_name": "Nguyễn"}),
    Case("clean.text.spaces", fields=lambda: {"address": "12 Lê Lợi"}),
    Case("clean.name.casing", fields=lambda: {"family_name": "McLean"}),
    Case("clean.phone.normalised", fields=lambda: {"phone": "+84251382233"}),
    Case(
        "clean.duplicate.id",
        fields=lambda: {"old_id_number": "123456789"},
        after=_twin(old_id_number="987654321"),
    ),
    Case("clean.duplicate.name", after=_twin(unit="26041")),
    Case("live.verified.missing", fields=lambda: {"last_verified_on": years_ago(3)}),
    Case("live.verified.stale", fields=lambda: {"last_verified_on": years_ago(1)}),
    Case("live.status.missing", after=lambda p: p.status_periods.update(effective_to=TODAY)),
    Case(
        "live.status.derived",
        after=lambda p: StatusPeriod.objects.filter(person=p).update(status="active"),
    ),
    Case(
        "live.status.deceased_active",
        after=_add_period("deceased", TODAY + datetime.timedelta(days=5)),
    ),
    Case(
        "live.status.over_65_active",
        fields=lambda: {
            "birth_date": years_ago(65),
            "personal_id": personal_id(year=years_ago(65).year),
        },
    ),
]


def _build(case: Case) -> Person:
    unit = case.kwargs.get("unit", "25210")
    person = make_person(unit=unit, categories=case.categories, **case.fields())
    case.after(person)
    return person


@pytest.mark.parametrize("case", FIRE, ids=[case.rule for case in FIRE])
def test_rule_fires_on_its_condition(case: Case):
    findings = findings_of(_build(case))
    fired = {finding.rule for finding in findings}
    assert case.rule in fired
    assert fired - {case.rule} <= set(case.extra), "other rules fired too"
    finding = next(item for item in findings if item.rule == case.rule)
    with translation.override("vi"):
        assert case.vietnamese in finding.message
    if case.suggested is not None:
        assert finding.suggested == case.suggested


@pytest.mark.parametrize("case", QUIET, ids=[case.rule for case in QUIET])
def test_rule_stays_quiet_on_a_near_miss(case: Case):
    fired = {finding.rule for finding in findings_of(_build(case))}
    assert case.rule not in fired


def test_every_rule_has_a_firing_and_a_quiet_case():
    assert {case.rule for case in FIRE} == set(RULES)
    assert {case.rule for case in QUIET} == set(RULES)


def test_a_complete_clean_profile_has_no_finding():
    assert findings_of(make_person()) == []


def test_every_rule_is_documented_and_translatable():
    for rule in RULES.values():
        assert rule.family in {"correct", "complete", "clean", "live"}
        assert rule.severity in {"error", "warning"}
        assert rule.why and str(rule.title) and str(rule.message)
        with translation.override("en"):
            english = (str(rule.title), str(rule.message))
        with translation.override("vi"):
            assert str(rule.title) != english[0], rule.code
            assert str(rule.message) != english[1], rule.code


def test_the_same_profile_in_english():
    person = make_person(given_name="HÙNG")
    finding = next(item for item in findings_of(person) if item.rule == "clean.name.casing")
    with translation.override("en"):
        assert finding.message == "The given name “HÙNG” is not written with capital initials."


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("0912345678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("0084912345678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("(0251) 3822 233", "+842513822233"),
        ("+1 415 555 2671", "+14155552671"),
        ("0112345678", None),
        ("091234567", None),
        ("hello", None),
    ],
)
def test_phone_parsing(raw, normal):
    assert parse_phone(raw) == normal


def test_orcid_check_digit_matches_published_examples():
    assert orcid_check_digit("000000021825009") == "7"
    assert orcid_check_digit("000000015109370") == "0"


def test_title_case_keeps_mixed_case_words():
    assert title_case("nguyễn văn HÙNG") == "Nguyễn Văn Hùng"
    assert title_case("McLean") == "McLean"
