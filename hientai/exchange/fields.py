"""The columns of an import/export file: our key, the Vietnamese header we write, the
English label, and the other headers officers use for the same thing.

Headers are matched on folded text (lower case, no tones, đ -> d, punctuation as
spaces; `values.label_key`), so "Họ và tên", "HO VA TEN", "Họ tên", "full_name" and
"Full name" all find `full_name`. The people sheet's keys are the columns of
`registry.records.CSV_COLUMNS` (the flat form `hientai gen-people` writes) plus `row_key`, the
link to the part sheets of a workbook.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from hientai.registry import records as g
from hientai.registry.values import label_key

# Kinds of value (how values.py converts them).
TEXT = "text"
NAME = "name"
DATE = "date"
BIRTH_DATE = "birth_date"
YEAR = "year"
INT = "int"
FLOAT = "float"
BOOL = "bool"
GENDER = "gender"
CHOICE = "choice"  # a TextChoices of registry.models (scheme = its name)
CODE = "code"  # one code of a code list (scheme = the list's key)
CODES = "codes"  # codes joined with ';'
UNIT = "unit"  # a current unit (a former unit's code resolves to its successor)
UNIT_ANY = "unit_any"  # any unit, former ones kept (past employment)
LANGUAGES = "languages"
PERSONAL_ID = "personal_id"
OLD_ID = "old_id"
ID_ANY = "id_any"  # 12 digits: personal ID; 9 digits: the old ID card (a warning)
QUALIFICATION = "qualification"  # "TS", "PGS.TS", "Đại học"... (synonyms.qualification)
PHONE = "phone"
EMAIL = "email"
ROW_KEY = "row_key"
IGNORED = "ignored"  # known (a summary gen-people writes) but not imported


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label_vi: str
    label_en: str
    kind: str = TEXT
    scheme: str = ""
    aliases: tuple[str, ...] = ()
    sensitive: bool = False  # masked in exports for users who may not see it


def _c(key, label_vi, label_en, kind=TEXT, scheme="", aliases=(), sensitive=False) -> Column:
    return Column(key, label_vi, label_en, kind, scheme, tuple(aliases), sensitive)


PEOPLE_COLUMNS: list[Column] = [
    _c("row_key", "Mã dòng", "Row key", ROW_KEY, aliases=("ma_dong", "ma dong", "row id")),
    _c("unit_code", "Đơn vị quản lý", "Managing unit", UNIT, aliases=(
        "Mã đơn vị quản lý", "Mã đơn vị", "Đơn vị", "Cơ quan quản lý", "unit", "unit code")),
    _c("family_name", "Họ", "Family name", NAME, aliases=("surname", "last name")),
    _c("middle_name", "Tên đệm", "Middle name", NAME, aliases=("Chữ đệm", "Đệm", "Họ đệm")),
    _c("given_name", "Tên", "Given name", NAME, aliases=("Tên gọi", "first name")),
    _c("family_middle", "Họ và tên đệm", "Family and middle name", NAME),
    _c("full_name", "Họ và tên", "Full name", NAME, aliases=(
        "Họ tên", "Họ và tên đầy đủ", "Tên đầy đủ", "Họ, tên", "name")),
    _c("other_names", "Tên gọi khác", "Other names", NAME, aliases=("Tên khác", "Bí danh")),
    _c("birth_date", "Ngày sinh", "Date of birth", BIRTH_DATE, aliases=(
        "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày", "DOB", "birthday")),
    _c("birth_year", "Năm sinh", "Year of birth", YEAR),
    _c("gender", "Giới tính", "Gender", GENDER, aliases=("Phái", "Giới", "sex")),
    _c("ethnic_group", "Dân tộc", "Ethnic group", CODE, "ethnic_group", ("ethnicity",), True),
    _c("nationality", "Quốc tịch", "Nationality", CODE, "country"),
    _c("personal_id", "Số định danh cá nhân", "Personal ID number", PERSONAL_ID, aliases=(
        "Số CCCD", "CCCD", "Căn cước công dân", "Số căn cước công dân", "Số căn cước",
        "Mã định danh", "Số định danh", "personal ID", "citizen ID", "CCCD số"), sensitive=True),
    _c("old_id_number", "Số CMND", "Old ID card number", OLD_ID, aliases=(
        "CMND", "Chứng minh nhân dân", "Số chứng minh nhân dân", "old ID"), sensitive=True),
    _c("id_number", "Số CMND/CCCD", "ID number (personal or old)", ID_ANY, sensitive=True),
    _c("record_id", "Mã hồ sơ", "Source record ID", TEXT),
    _c("email", "Thư điện tử", "E-mail", EMAIL, aliases=(
        "Email", "E-mail", "Địa chỉ email", "Địa chỉ thư điện tử", "Hộp thư"), sensitive=True),
    _c("phone", "Điện thoại", "Phone", PHONE, aliases=(
        "Số điện thoại", "SĐT", "ĐT", "Di động", "Điện thoại di động", "phone number",
        "mobile", "tel"), sensitive=True),
    _c("address", "Địa chỉ", "Address", TEXT, aliases=(
        "Địa chỉ thường trú", "Địa chỉ liên hệ", "Nơi ở hiện nay", "Nơi ở"), sensitive=True),
    _c("residence_unit_code", "Phường, xã cư trú", "Ward or commune of residence", UNIT, aliases=(
        "Mã phường xã cư trú", "Nơi cư trú", "Phường xã cư trú", "residence unit")),
    _c("overseas_kind", "Diện ở nước ngoài", "Overseas status", CHOICE, "OverseasKind"),
    _c("overseas_country", "Nước cư trú ở nước ngoài", "Country of residence abroad", CODE,
       "country", ("Nước cư trú", "Quốc gia cư trú")),
    _c("overseas_city", "Thành phố ở nước ngoài", "City abroad", TEXT),
    _c("categories", "Nhóm đối tượng", "Categories", CODES, "person_category",
       ("Đối tượng", "Nhóm")),
    _c("st_fields", "Lĩnh vực KH&CN", "S&T fields", CODES, "st_field", (
        "Lĩnh vực khoa học và công nghệ", "Lĩnh vực", "Lĩnh vực chuyên môn")),
    _c("strategic_technologies", "Công nghệ chiến lược", "Strategic technologies", CODES,
       "strategic_technology"),
    _c("keywords", "Từ khóa chuyên môn", "Expertise keywords", TEXT,
       aliases=("Từ khóa", "Chuyên môn sâu", "keywords")),
    _c("orcid", "ORCID", "ORCID", TEXT),
    _c("scopus_id", "Mã tác giả Scopus", "Scopus author ID", TEXT, aliases=("Scopus ID", "Scopus")),
    _c("source", "Nguồn dữ liệu", "Source", TEXT, aliases=("Nguồn",)),
    _c("last_verified_on", "Ngày xác minh gần nhất", "Last verified on", DATE,
       aliases=("Ngày xác minh",)),
    _c("status", "Tình trạng", "Status", CHOICE, "Status", ("Trạng thái",)),
    _c("status_since", "Tình trạng từ ngày", "Status since", DATE,
       aliases=("Từ ngày (tình trạng)",)),
    _c("highest_degree", "Văn bằng cao nhất", "Highest degree", CODE, "degree", (
        "Học vị", "Bằng cấp cao nhất", "Văn bằng", "degree")),
    _c("highest_level", "Trình độ cao nhất (bậc VQF)", "Highest qualification level", CODE,
       "qualification_level", ("Trình độ cao nhất", "Bậc trình độ", "Trình độ đào tạo")),
    _c("qualification", "Trình độ", "Qualification (title, degree or level)", QUALIFICATION),
    _c("title_qualification", "Học hàm, học vị", "Academic title and degree", QUALIFICATION),
    _c("highest_st_field", "Lĩnh vực đào tạo", "Field of the highest degree", CODE, "st_field"),
    _c("highest_major", "Chuyên ngành", "Major", TEXT, aliases=("Chuyên ngành đào tạo", "Ngành")),
    _c("highest_institution", "Cơ sở đào tạo", "Institution", TEXT,
       aliases=("Nơi đào tạo", "Trường đào tạo")),
    _c("highest_country", "Nước đào tạo", "Country of study", CODE, "country"),
    _c("highest_year", "Năm tốt nghiệp", "Graduation year", YEAR,
       aliases=("Năm cấp bằng", "Năm nhận bằng")),
    _c("academic_title", "Học hàm", "Academic title", CODE, "academic_title",
       ("Chức danh GS, PGS", "Chức danh giáo sư, phó giáo sư")),
    _c("academic_title_year", "Năm phong học hàm", "Year of the title", YEAR,
       aliases=("Năm công nhận học hàm", "Năm được phong")),
    _c("languages", "Ngoại ngữ", "Foreign languages", LANGUAGES,
       aliases=("Trình độ ngoại ngữ",)),
    _c("employment_unit_code", "Đơn vị công tác", "Unit of work", UNIT_ANY,
       aliases=("Mã đơn vị công tác",)),
    _c("employment_organization", "Cơ quan, tổ chức công tác", "Organisation", TEXT, aliases=(
        "Cơ quan công tác", "Nơi công tác", "Nơi làm việc", "Tổ chức", "organization")),
    _c("employment_position", "Chức vụ", "Position", TEXT, aliases=(
        "Chức danh", "Chức vụ, chức danh", "Vị trí việc làm", "Vị trí công tác", "position")),
    _c("employment_leadership_level", "Cấp lãnh đạo", "Leadership level", CHOICE,
       "LeadershipLevel"),
    _c("employment_sector", "Khu vực", "Sector", CHOICE, "Sector",
       ("Khu vực công tác", "Loại hình")),
    _c("employment_occupation_group", "Nhóm nghề nghiệp", "Occupation group", CODE,
       "occupation_group", ("Nghề nghiệp",)),
    _c("employment_start", "Công tác từ ngày", "Working since", DATE,
       aliases=("Ngày bắt đầu công tác", "Bắt đầu công tác")),
    _c("qualification_count", "Số bằng cấp", "Qualifications", IGNORED),
    _c("employment_count", "Số quá trình công tác", "Employments", IGNORED),
    _c("publication_count", "Số công bố", "Publications", IGNORED),
    _c("patent_count", "Số sáng chế", "Patents", IGNORED),
    _c("project_count", "Số nhiệm vụ KH&CN", "S&T tasks", IGNORED),
    _c("award_count", "Số khen thưởng", "Awards", IGNORED),
    _c("training_count", "Số khóa bồi dưỡng", "Trainings", IGNORED),
    _c("trainings_this_year", "Số khóa bồi dưỡng trong năm", "Trainings this year", IGNORED),
    _c("assessment_count", "Số lần đánh giá kỹ năng", "Skill assessments", IGNORED),
    _c("digital_skills_result", "Kết quả đánh giá kỹ năng số", "Digital-skill result", TEXT),
    _c("digital_skills_score", "Điểm kỹ năng số", "Digital-skill score", FLOAT),
]  # fmt: skip

# Columns many lists carry that mean nothing to the registry: known, never reported.
QUIET_HEADERS = (
    "STT",
    "TT",
    "Số TT",
    "Số thứ tự",
    "No",
    "Ghi chú",
    "note",
    "notes",
    "Lỗi",
)  # fmt: skip  ("Lỗi": the error column of a file of rejected rows)

# Link columns every part sheet may carry.
_LINK = [
    _c("row_key", "Mã dòng", "Row key", ROW_KEY, aliases=("ma_dong", "ma dong", "row id")),
    _c("personal_id", "Số định danh cá nhân", "Personal ID number", PERSONAL_ID, aliases=(
        "Số CCCD", "CCCD", "Căn cước công dân", "Mã định danh", "Số định danh", "personal ID"),
       sensitive=True),
    _c("full_name", "Họ và tên", "Full name", IGNORED, aliases=("Họ tên", "name")),
]  # fmt: skip


@dataclass(frozen=True, slots=True)
class PartSheet:
    key: str  # the PersonRecord attribute ("qualifications")
    name_vi: str  # the sheet name we write
    name_en: str
    aliases: tuple[str, ...]
    part: type
    columns: list[Column] = field(default_factory=list)  # link columns first


def _sheet(key, name_vi, name_en, aliases, part, columns) -> PartSheet:
    return PartSheet(key, name_vi, name_en, tuple(aliases), part, [*_LINK, *columns])


PART_SHEETS: list[PartSheet] = [
    _sheet("qualifications", "Bằng cấp", "Qualifications", ("Văn bằng", "Trình độ đào tạo"),
           g.QualificationPart, [
        _c("degree", "Văn bằng", "Degree", CODE, "degree", ("Học vị", "Bằng cấp")),
        _c("level", "Trình độ (bậc VQF)", "Qualification level", CODE, "qualification_level",
           ("Trình độ", "Bậc trình độ", "Bậc VQF")),
        _c("st_field", "Lĩnh vực KH&CN", "S&T field", CODE, "st_field", ("Lĩnh vực",)),
        _c("major", "Chuyên ngành", "Major", TEXT, aliases=("Ngành",)),
        _c("institution", "Cơ sở đào tạo", "Institution", TEXT, aliases=("Nơi đào tạo",)),
        _c("country", "Nước đào tạo", "Country", CODE, "country", ("Quốc gia",)),
        _c("year", "Năm tốt nghiệp", "Year", YEAR, aliases=("Năm", "Năm cấp bằng")),
    ]),
    _sheet("academic_titles", "Học hàm", "Academic titles", ("Chức danh GS PGS",),
           g.TitlePart, [
        _c("title", "Học hàm", "Academic title", CODE, "academic_title", ("Chức danh",)),
        _c("year", "Năm phong", "Year", YEAR, aliases=("Năm", "Năm công nhận")),
    ]),
    _sheet("languages", "Ngoại ngữ", "Languages", ("Trình độ ngoại ngữ",), g.LanguagePart, [
        _c("language", "Ngoại ngữ", "Language", CODE, "language", ("Ngôn ngữ",)),
        _c("level", "Trình độ", "Level", CODE, "language_level", ("Bậc", "Trình độ ngoại ngữ")),
    ]),
    _sheet("employments", "Công tác", "Employment", (
        "Quá trình công tác", "employment", "Công tác", "Việc làm"), g.EmploymentPart, [
        _c("unit_code", "Đơn vị công tác", "Unit of work", UNIT_ANY,
           aliases=("Mã đơn vị", "Đơn vị")),
        _c("organization", "Cơ quan, tổ chức công tác", "Organisation", TEXT,
           aliases=("Cơ quan công tác", "Nơi công tác", "Tổ chức")),
        _c("position", "Chức vụ", "Position", TEXT, aliases=("Chức danh", "Vị trí việc làm")),
        _c("leadership_level", "Cấp lãnh đạo", "Leadership level", CHOICE, "LeadershipLevel"),
        _c("sector", "Khu vực", "Sector", CHOICE, "Sector", ("Loại hình",)),
        _c("occupation_group", "Nhóm nghề nghiệp", "Occupation group", CODE, "occupation_group"),
        _c("start", "Từ ngày", "From", DATE, aliases=("Từ", "Bắt đầu", "Ngày bắt đầu")),
        _c("end", "Đến ngày", "To", DATE, aliases=("Đến", "Kết thúc", "Ngày kết thúc")),
    ]),
    _sheet("publications", "Công bố", "Publications", ("Bài báo", "Công trình công bố"),
           g.PublicationPart, [
        _c("title", "Tên công bố", "Title", TEXT, aliases=("Tên bài báo", "Tiêu đề")),
        _c("doi", "DOI", "DOI", TEXT),
        _c("venue", "Tạp chí, hội nghị", "Journal or venue", TEXT, aliases=("Tạp chí",)),
        _c("year", "Năm công bố", "Year", YEAR, aliases=("Năm",)),
    ]),
    _sheet("patents", "Sáng chế", "Patents", ("Sáng chế, giải pháp hữu ích",), g.PatentPart, [
        _c("title", "Tên sáng chế", "Title", TEXT, aliases=("Tên",)),
        _c("kind", "Loại", "Kind", CHOICE, "PatentKind"),
        _c("number", "Số bằng", "Number", TEXT, aliases=("Số",)),
        _c("status", "Tình trạng", "Status", CHOICE, "PatentStatus"),
        _c("filed_on", "Ngày nộp đơn", "Filed on", DATE),
        _c("granted_on", "Ngày cấp bằng", "Granted on", DATE),
    ]),
    _sheet("projects", "Nhiệm vụ KH&CN", "S&T tasks", ("Đề tài, dự án", "Nhiệm vụ"),
           g.ProjectPart, [
        _c("title", "Tên nhiệm vụ", "Title", TEXT, aliases=("Tên đề tài", "Tên")),
        _c("code", "Mã số", "Project code", TEXT),
        _c("level", "Cấp quản lý", "Level", TEXT, aliases=("Cấp",)),
        _c("role", "Vai trò", "Role", CHOICE, "ProjectRole"),
        _c("accepted_on", "Ngày nghiệm thu", "Accepted on", DATE),
        _c("applied", "Đã ứng dụng", "Applied in practice", BOOL,
           aliases=("Ứng dụng vào thực tiễn",)),
    ]),
    _sheet("awards", "Khen thưởng", "Awards", ("Tôn vinh, khen thưởng", "Giải thưởng"),
           g.AwardPart, [
        _c("name", "Hình thức khen thưởng", "Award or honour", TEXT,
           aliases=("Tên giải thưởng", "Khen thưởng")),
        _c("level", "Cấp", "Level", TEXT),
        _c("issuer", "Cơ quan trao tặng", "Issued by", TEXT),
        _c("year", "Năm", "Year", YEAR),
    ]),
    _sheet("trainings", "Bồi dưỡng", "Trainings", (
        "Đào tạo, bồi dưỡng", "trainings", "training", "Bồi dưỡng"), g.TrainingPart, [
        _c("topic", "Chủ đề", "Topic", CODE, "training_topic"),
        _c("title", "Khóa học", "Course", TEXT, aliases=("Tên khóa học", "Nội dung")),
        _c("provider", "Đơn vị tổ chức", "Provider", TEXT, aliases=("Cơ sở bồi dưỡng",)),
        _c("hours", "Số giờ", "Hours", INT, aliases=("Số tiết",)),
        _c("start", "Từ ngày", "From", DATE, aliases=("Từ", "Bắt đầu")),
        _c("end", "Đến ngày", "To", DATE, aliases=("Đến", "Kết thúc")),
        _c("certificate", "Chứng chỉ", "Certificate", TEXT),
    ]),
    _sheet("assessments", "Đánh giá kỹ năng", "Skill assessments", ("Đánh giá",),
           g.AssessmentPart, [
        _c("kind", "Loại đánh giá", "Kind", CHOICE, "AssessmentKind", ("Loại",)),
        _c("result", "Kết quả", "Result", TEXT),
        _c("score", "Điểm", "Score", FLOAT),
        _c("assessed_on", "Ngày đánh giá", "Assessed on", DATE),
    ]),
]  # fmt: skip

# Sheets of our template (and usual guides) that hold no people: skipped quietly.
QUIET_SHEETS = ("Hướng dẫn", "Danh mục", "Instructions", "Lists", "Ghi chú")
PEOPLE_SHEET_NAMES = ("Nhân sự", "people", "Danh sách", "Người", "Chuyên gia", "Sheet1")
PEOPLE_BY_KEY = {c.key: c for c in PEOPLE_COLUMNS}
PART_SHEET_BY_KEY = {s.key: s for s in PART_SHEETS}
# gen-people's flat columns, all known here.
assert set(g.CSV_COLUMNS) <= set(PEOPLE_BY_KEY), set(g.CSV_COLUMNS) - set(PEOPLE_BY_KEY)

_PARENS = re.compile(r"\([^)]*\)")


def header_keys(column: Column) -> list[str]:
    """Every folded header that means this column."""
    texts = [column.key, column.label_vi, column.label_en, *column.aliases]
    keys = []
    for text in texts:
        for variant in (text, _PARENS.sub(" ", text)):
            key = label_key(variant)
            if key and key not in keys:
                keys.append(key)
    return keys


def header_index(columns: list[Column], synonyms: dict[str, str] | None = None) -> dict[str, str]:
    """folded header -> our key. Labels win over the synonyms (`synonyms.py`, data files),
    which win over the built-in aliases, when two columns share a text."""
    index: dict[str, str] = {}
    for column in columns:  # labels and keys first
        for text in (column.key, column.label_vi, column.label_en):
            index.setdefault(label_key(text), column.key)
    known = {column.key for column in columns}
    for text, key in (synonyms or {}).items():
        if key in known:
            index.setdefault(text, key)
    for column in columns:
        for key in header_keys(column):
            index.setdefault(key, column.key)
    return index


QUIET_KEYS = frozenset(label_key(text) for text in QUIET_HEADERS)


def sheet_kind(name: str) -> str | None:
    """'people', a part sheet's key, 'quiet' (a guide), or None for a sheet we do not know."""
    key = label_key(name)
    if key in {label_key(n) for n in QUIET_SHEETS}:
        return "quiet"
    if key in {label_key(n) for n in PEOPLE_SHEET_NAMES}:
        return "people"
    for sheet in PART_SHEETS:
        if key in {label_key(n) for n in (sheet.key, sheet.name_vi, sheet.name_en, *sheet.aliases)}:
            return sheet.key
    return None
