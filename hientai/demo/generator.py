"""Realistic synthetic people for the registry: the demo, load tests and importer fixtures.

`generate_people(n, seed)` streams `PersonRecord`s (constant memory, so a million is
fine). The same seed, unit list and `today` give the same records in the same order,
and the first k records of a run do not depend on n.

What is realistic here, and where it comes from:

- names: Vietnamese family-name frequencies (Nguyễn about 38 %, Trần 11 %, Lê 9.5 %,
  ... shared/reference/perf-anchors.md §2), gendered middle names (Văn/Thị more
  common in older cohorts), and family names typical of the Hoa, Khmer, Xtiêng,
  Chơ Ro, Tày, Nùng, Mường... communities of today's Đồng Nai (old Đồng Nai and
  Bình Phước). "Nguyễn Văn Hùng" and a "Đặng" occur in every 1,000 records.
- personal IDs: 12 digits = birth-registration province (mostly 075 Đồng Nai and
  070 Bình Phước) + century/gender digit + 2-digit birth year + 6 digits, unique
  within a run and across seeds that differ modulo 100 (vn-framework.md §5); some
  people also keep a 9-digit old ID (approximate old province prefixes).
- codes come from the current version of each code list (ethnic_group QD1019-2008,
  person_category, st_field level 2, strategic_technology, degree, VQF levels,
  academic_title, language, language_level, occupation_group, training_topic,
  country); units from the orgs tree (the database when it has one, else
  orgs/data/units.csv).
- people follow profiles (civil servant, teacher, health worker, scientist,
  engineer, IT specialist, entrepreneur, student, retired expert, overseas
  Vietnamese, foreign expert) that decide their unit, degrees, career, papers,
  trainings and categories together, so the parts agree with each other.

`CSV_COLUMNS` / `csv_row()` in registry/records.py (with the record types, and the list of
columns and their formats) give the flat one-row-per-person form `hientai gen-people` writes.
"""

from __future__ import annotations

import bisect
import csv
import datetime
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from hientai.core.text import fold
from hientai.registry.records import (
    AssessmentPart,
    AwardPart,
    EmploymentPart,
    LanguagePart,
    PatentPart,
    PersonRecord,
    ProjectPart,
    PublicationPart,
    QualificationPart,
    TitlePart,
    TrainingPart,
)

DEFAULT_SEED = 2026
UNITS_CSV = Path(__file__).resolve().parents[1] / "orgs" / "data" / "units.csv"
SUCCESSIONS_CSV = Path(__file__).resolve().parents[1] / "orgs" / "data" / "successions.csv"
CITY_CODE = "75"
MERGER_DAY = datetime.date(2025, 7, 1)


# --------------------------------------------------------------------------- helpers


class Weighted[T]:
    """Pick from weighted values with one random number (bisect on cumulative weights)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs: Iterable[tuple[T, float]]):
        self.items: list[T] = []
        self.cum: list[float] = []
        total = 0.0
        for item, weight in pairs:
            if weight <= 0:
                continue
            total += weight
            self.items.append(item)
            self.cum.append(total)
        if not self.items:
            raise ValueError("Weighted needs at least one positive weight")
        self.total = total

    def pick(self, rng: random.Random) -> T:
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _p(spec: str, weight: float = 1.0) -> list[tuple[str, float]]:
    """'Nguyễn:46 Trần:11 Lê' -> [("Nguyễn", 44.5), ("Trần", 11.0), ("Lê", weight)]."""
    pairs = []
    for token in spec.split():
        value, _, given = token.partition(":")
        pairs.append((value, float(given) if given else weight))
    return pairs


def _t(spec: str, weight: float = 1.0) -> Weighted[str]:
    return Weighted(_p(spec, weight))


def _items(text: str) -> tuple[str, ...]:
    """'a|b|c' -> ("a", "b", "c"): long Vietnamese lists stay readable."""
    return tuple(text.split("|"))


def _day(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return datetime.date.fromordinal(rng.randint(start.toordinal(), end.toordinal()))


def _jan1(year: int) -> datetime.date:
    return datetime.date(year, 1, 1)


def _dec31(year: int) -> datetime.date:
    return datetime.date(year, 12, 31)


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def orcid_check_digit(base15: str) -> str:
    """ISO 7064 MOD 11-2 check character of the first 15 ORCID digits."""
    total = 0
    for char in base15:
        total = (total + int(char)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def _scramble(counter: int, salt: int, modulus: int) -> int:
    """A bijection of 0..modulus-1 (multiplier coprime to 10): unique, random-looking digits."""
    return (counter * 738_157 + salt) % modulus


# --------------------------------------------------------------------------- names

# Kinh family names (perf-anchors.md §2). Nguyễn is weighted a little above its 38 %
# among the Kinh so that it is about 38 % of the whole registry, minorities included.
# Huỳnh/Hoàng (黃) and Võ/Vũ (武) are split with the southern forms ahead.
_KINH_FAMILY = Weighted(
    [
        *_p("Nguyễn:46 Trần:11 Lê:9.5 Phạm:7.1 Huỳnh:3.0 Hoàng:2.1 Phan:4.5 Võ:2.4 Vũ:1.5"),
        *_p("Đặng:2.1 Bùi:2.0 Đỗ:1.4 Hồ:1.3 Ngô:1.3 Dương:1.0 Lý:0.5"),
        *_p("Trương Đinh Lâm Mai Đoàn Lương Trịnh Cao Tạ Hà Châu Tô Đào Lưu Phùng", 0.33),
        *_p("Thái Quách Kiều Tôn La Triệu Chu Văn Vương Thân Nghiêm Hứa Từ Mạc Diệp", 0.33),
    ]
)
_FAMILY_BY_ETHNIC = {
    "06": _t("Lâm:2 Trương:1.8 Lý:1.8 Lưu Trần Quách Tăng Hứa Châu Diệp Dương Huỳnh Mạch La"),
    "05": _t("Thạch:25 Danh:20 Sơn:15 Kim:12 Lâm:8 Trà:5 Lý:5 Chau:5 Nguyễn:5"),  # Khmer
    "22": _t("Điểu:60 Lâm:8 Nguyễn:12 Trần:8"),  # Xtiêng
    "20": _t("Điểu:55 Nguyễn:15 Trần:10 Lê:8"),  # Mnông
    "28": _t("Điểu:45 Nguyễn:15 Trần:10"),  # Mạ
    "31": _t("Điểu:40 Nguyễn:20 Lê:10 Trần:10 Thổ:5"),  # Chơ Ro
    "02": _t("Hoàng:20 Nông:15 Lương:10 Lục:6 Vi:6 Triệu:6 Nguyễn:15 Lý:8 Mã:5 Đinh:4 La:5"),
    "07": _t("Hoàng:18 Nông:12 Lương:8 Lục:8 Vi:8 Triệu:8 Nguyễn:12 Lý:8 Mã:8 Chu:5 La:5"),
    "04": _t("Bùi:30 Đinh:25 Quách:10 Hà:10 Nguyễn:10 Phạm:8 Xa:7"),  # Mường
    "03": _t("Lò:25 Lường:15 Cầm:15 Vi:10 Hà:15 Lê:10 Quàng:10"),  # Thái
    "14": _t("Đàng:15 Thành:15 Bá:15 Dương:10 Từ:10 Châu:10 Thuận:10 Lưu:10"),  # Chăm
    "09": _t("Triệu:30 Bàn:25 Lý:20 Đặng:15 Hoàng:10"),  # Dao
    "08": _t("Giàng:25 Sùng:20 Vàng:20 Lý:15 Hầu:10"),  # H'Mông
    "17": _t("Lý:20 Trần:20 Diệp:15 Lưu:15 Tạ:10"),  # Sán Dìu
}
_MIDDLE_MALE = Weighted(
    [
        *_p("Hữu Đức Minh Quốc Thanh Công Quang Ngọc Tấn Trọng Hoàng Anh Gia Tuấn Xuân Đình"),
        *_p("Thành Chí Hải Duy Nhật Bảo Trung Phước Thiện Khánh Đăng Việt", 0.6),
    ]
)
_MIDDLE_FEMALE = Weighted(
    [
        *_p("Ngọc Thanh Thu Minh Phương Kim Hồng Bích Mỹ Khánh Hoài Diệu Bảo Thùy Quỳnh"),
        *_p("Hoàng Tường Mai Thảo Ánh Tuyết Như Xuân Hải Lan Cẩm Trúc", 0.5),
    ]
)
_GIVEN_MALE = Weighted(
    [
        *_p("Hùng:2.5 Dũng:2 Tuấn:2 Minh:2 Hải:1.6 Nam:1.6"),
        *_p("Long Quang Sơn Thắng Trung Phong Khoa Bảo Huy Hoàng Việt Đức Thành Tâm Tài", 1.2),
        *_p("Phúc Lộc Thịnh Hiếu Nghĩa Cường Kiên Toàn Thanh Tùng Vinh Khánh Anh Duy Hưng"),
        *_p("Tú Tiến Hậu Lâm Đạt Quân Nhân Trí Tín Thiện Khôi Phát Hào An Bình Hòa Danh", 0.8),
        *_p("Hiển Luân Sang Vũ Kiệt Khang Thái Trọng Tường Phú Quý Lợi Nhật Hiệp Định", 0.6),
    ]
)
_GIVEN_FEMALE = Weighted(
    [
        *_p("Lan:1.8 Hương:1.8 Hoa:1.4 Mai:1.6 Linh:2 Trang:2"),
        *_p("Thảo Hà Ngọc Anh Thủy Hạnh Nga Hằng Phương Yến Nhung Loan Thu Vân Huyền Dung", 1.2),
        *_p("Oanh Tuyết Hiền Ly Vy Nhi Trâm Quyên Diễm Thư Uyên Châu Hồng Liên Giang My"),
        *_p("Ngân Nhàn Thanh Tâm Xuân Bích Ánh Duyên Kiều Như Hân Khánh Trinh Thoa Lệ Mơ", 0.7),
    ]
)
# Foreign experts: (family names, given names) by nationality.
_FOREIGN_NAMES = {
    "JP": (
        _items("Tanaka|Suzuki|Sato|Takahashi|Watanabe|Yamamoto|Nakamura|Kobayashi"),
        _items("Hiroshi|Takeshi|Kenji|Daisuke|Yuki|Akiko|Naoko|Haruka"),
    ),
    "KR": (
        _items("Kim|Lee|Park|Choi|Jung|Kang|Cho|Yoon"),
        _items("Min-jun|Ji-hoon|Hyun-woo|Sung-min|Seo-yeon|Ji-young|Eun-ji|Soo-jin"),
    ),
    "US": (
        _items("Smith|Johnson|Brown|Miller|Wilson|Davis|Anderson|Taylor"),
        _items("John|Michael|David|Robert|Sarah|Emily|Jennifer|Laura"),
    ),
    "GB": (
        _items("Smith|Jones|Williams|Taylor|Evans|Thomas|Roberts|Walker"),
        _items("James|Oliver|Thomas|George|Emma|Charlotte|Sophie|Lucy"),
    ),
    "AU": (
        _items("Smith|Jones|Williams|Brown|Wilson|Taylor|Martin|White"),
        _items("Jack|William|Lachlan|Matthew|Olivia|Chloe|Emily|Grace"),
    ),
    "DE": (
        _items("Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker"),
        _items("Thomas|Andreas|Stefan|Michael|Julia|Anna|Katrin|Sabine"),
    ),
    "FR": (
        _items("Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand"),
        _items("Pierre|Jean|Nicolas|Julien|Marie|Claire|Camille|Sophie"),
    ),
    "TW": (
        _items("Chen|Lin|Huang|Chang|Wang|Li|Wu|Tsai"),
        _items("Wei-Lun|Chia-Hao|Chih-Ming|Yu-Chen|Yi-Ting|Shu-Fen|Hsin-Yi|Pei-Ling"),
    ),
    "SG": (
        _items("Tan|Lim|Lee|Ng|Wong|Goh|Chua|Teo"),
        _items("Wei Ming|Jun Jie|Kelvin|Darren|Jia Hui|Rachel|Michelle|Xin Yi"),
    ),
    "IN": (
        _items("Sharma|Patel|Kumar|Singh|Gupta|Reddy|Iyer|Nair"),
        _items("Rahul|Amit|Vikram|Arjun|Priya|Anjali|Deepa|Kavya"),
    ),
    "NL": (
        _items("de Jong|Jansen|de Vries|Bakker|Visser|Smit|Meijer|Mulder"),
        _items("Jan|Pieter|Daan|Bas|Sanne|Lotte|Femke|Anouk"),
    ),
}
_FAMILY_FIRST = {"JP", "KR", "TW", "SG"}  # name order at home: family name first

# --------------------------------------------------------------------------- other tables

# ethnic_group@QD1019-2008: Kinh ~85 %, then the communities of Đồng Nai and Bình Phước
# (Hoa, Xtiêng, Nùng, Tày, Khmer, Chơ Ro, Mường, Chăm, Thái, Mnông, Dao, Mạ, H'Mông, Sán Dìu).
_ETHNIC = _t(
    "01:85 06:4 22:2 07:1.9 02:1.8 05:1.6 31:0.9 04:0.6 14:0.4 03:0.4 20:0.4 09:0.3 28:0.3 "
    "08:0.2 17:0.2"
)
# Birth-registration province codes of the 12-digit ID (Circular 07/2016/TT-BCA annex).
_PROVINCE = _t(
    "075:42 070:18 079:6 040:3 038:3 052:2 051:2 049:2 042:2 036:2 034:2 001:2 074:2 077:2 "
    "046:1.5 044:1.5 060:1.5 068:1.5 066:1.5 072:1.5 080 067 037 030 031 033 045 087 089 092 "
    "056 054:0.8 083:0.5"
)
_PROVINCE_BY_ETHNIC = {
    "05": _t("084:30 094:30 089:15 091:10 075:10 070:5"),  # Khmer: the Mekong delta
    "02": _t("004:25 020:20 024:15 070:25 075:15"),  # Tày: born in the north or here
    "07": _t("020:30 004:20 024:10 070:20 075:20"),  # Nùng
    "22": _t("070:85 075:15"),
    "20": _t("070:80 067:20"),
    "31": _t("075:85 077:15"),
    "28": _t("075:60 068:40"),
    "14": _t("058:40 060:20 075:30 089:10"),
}
# First digits of the old 9-digit ID card (CMND) for the same provinces (approximate).
_OLD_ID_PREFIX = {"075": "27", "070": "285", "079": "02", "001": "01", "074": "28", "077": "273"}

_PHONE_PREFIXES = _items("90|93|89|70|76|77|78|79|91|94|88|81|82|83|84|85|96|97|98|86|32|33|34|35")
_MAIL_DOMAINS = _t("gmail.com:75 yahoo.com:8 outlook.com:9 icloud.com:8")
_STREETS = _items(
    "Võ Thị Sáu|Phạm Văn Thuận|Nguyễn Ái Quốc|Đồng Khởi|Hùng Vương|Lê Duẩn|Trần Hưng Đạo|"
    "Phú Riềng Đỏ|Quốc lộ 14|Quốc lộ 1|Quốc lộ 51|Lý Thường Kiệt|30 Tháng 4|Trường Chinh|"
    "Cách Mạng Tháng Tám|Nguyễn Huệ|Hà Huy Giáp|Bùi Văn Hòa|Trần Phú|Lê Lợi|Nguyễn Văn Trỗi"
)

# degree code -> VQF level (the x_vqf column of degree@HT-2026)
_DEGREE_VQF = {
    "trung_cap": "VQF4",
    "cao_dang": "VQF5",
    "cu_nhan": "VQF6",
    "ky_su": "VQF6",
    "bac_si": "VQF6",
    "duoc_si": "VQF6",
    "kien_truc_su": "VQF6",
    "thac_si": "VQF7",
    "tien_si": "VQF8",
    "tskh": "VQF8",
}
_VQF_RANK = {f"VQF{i}": i for i in range(1, 9)}

_ENGINEERING_SCHOOLS = (
    "Trường Đại học Bách khoa – ĐHQG TP.HCM|Trường Đại học Sư phạm Kỹ thuật TP.HCM|"
    "Trường Đại học Bách khoa Hà Nội|Trường Đại học Lạc Hồng|Trường Đại học Công nghệ Đồng Nai|"
    "Trường Đại học Tôn Đức Thắng"
)
_SCIENCE_SCHOOLS = (
    "Trường Đại học Khoa học Tự nhiên – ĐHQG TP.HCM|Trường Đại học Khoa học Tự nhiên – ĐHQG Hà Nội|"
    "Trường Đại học Cần Thơ|Trường Đại học Bách khoa – ĐHQG TP.HCM"
)
_FARM_SCHOOLS = (
    "Trường Đại học Nông Lâm TP.HCM|Trường Đại học Cần Thơ|Trường Đại học Nông Lâm Huế|"
    "Phân hiệu Trường Đại học Lâm nghiệp tại Đồng Nai"
)
_MEDICAL_SCHOOLS = (
    "Trường Đại học Y Dược TP.HCM|Trường Đại học Y khoa Phạm Ngọc Thạch|Trường Đại học Y Hà Nội|"
    "Trường Đại học Y Dược Cần Thơ"
)
# Where people of each field studied in Vietnam.
_SCHOOLS = {
    "it": _items(
        "Trường Đại học Công nghệ Thông tin – ĐHQG TP.HCM|Trường Đại học Bách khoa – ĐHQG TP.HCM|"
        "Trường Đại học Lạc Hồng|Trường Đại học Công nghệ Đồng Nai|Trường Đại học Bách khoa Hà Nội|"
        "Trường Đại học Sư phạm Kỹ thuật TP.HCM|Trường Đại học Tôn Đức Thắng"
    ),
    "electronics": _items(_ENGINEERING_SCHOOLS),
    "mechanical": _items(_ENGINEERING_SCHOOLS),
    "civil": _items(_ENGINEERING_SCHOOLS + "|Trường Đại học Kiến trúc TP.HCM"),
    "chemistry": _items(_ENGINEERING_SCHOOLS + "|" + _SCIENCE_SCHOOLS),
    "environment": _items(_SCIENCE_SCHOOLS + "|Trường Đại học Tài nguyên và Môi trường TP.HCM"),
    "physics": _items(_SCIENCE_SCHOOLS),
    "biology": _items(_SCIENCE_SCHOOLS + "|" + _FARM_SCHOOLS),
    "math": _items(_SCIENCE_SCHOOLS),
    "food": _items(_FARM_SCHOOLS + "|Trường Đại học Công nghiệp Thực phẩm TP.HCM"),
    "agriculture": _items(_FARM_SCHOOLS),
    "medicine": _items(_MEDICAL_SCHOOLS + "|Trường Cao đẳng Y tế Đồng Nai"),
    "pharmacy": _items(_MEDICAL_SCHOOLS),
    "economics": _items(
        "Trường Đại học Kinh tế TP.HCM|Trường Đại học Mở TP.HCM|Trường Đại học Lạc Hồng|"
        "Trường Đại học Tôn Đức Thắng|Trường Đại học Đồng Nai|Trường Đại học Ngân hàng TP.HCM"
    ),
    "education": _items(
        "Trường Đại học Sư phạm TP.HCM|Trường Đại học Đồng Nai|Trường Đại học Sư phạm Huế|"
        "Trường Đại học Cần Thơ|Trường Đại học Sư phạm Hà Nội"
    ),
    "law": _items(
        "Trường Đại học Luật TP.HCM|Trường Đại học Luật Hà Nội|"
        "Trường Đại học Kinh tế – Luật – ĐHQG TP.HCM"
    ),
    "public_admin": _items(
        "Học viện Hành chính và Quản trị công|Học viện Chính trị quốc gia Hồ Chí Minh|"
        "Trường Đại học Khoa học Xã hội và Nhân văn – ĐHQG TP.HCM|Trường Đại học Đồng Nai"
    ),
}
_LOCAL_UNIVERSITIES = _items(
    "Trường Đại học Lạc Hồng|Trường Đại học Đồng Nai|Trường Đại học Công nghệ Đồng Nai"
)
_FOREIGN_UNIVERSITIES = {
    "JP": "University of Tokyo",
    "KR": "Seoul National University",
    "FR": "Université Paris-Saclay",
    "DE": "Technische Universität München",
    "AU": "University of Melbourne",
    "US": "University of California, Davis",
    "GB": "University of Manchester",
    "TW": "National Taiwan University",
    "NL": "Wageningen University & Research",
    "SG": "National University of Singapore",
    "BE": "KU Leuven",
    "RU": "Lomonosov Moscow State University",
    "CA": "University of Toronto",
    "TH": "Asian Institute of Technology",
    "IN": "Indian Institute of Science",
}
_STUDY_ABROAD = _t("JP:14 KR:10 FR:10 AU:10 US:8 DE:8 GB:6 TW:8 NL:5 SG:5 BE:4 RU:4 CA:4 TH:6")
_OVERSEAS_COUNTRY = _t("US:30 AU:14 FR:9 CA:9 DE:8 JP:10 KR:7 TW:5 GB:4 SG:4")
_OVERSEAS_CITIES = {
    "US": _items("San Jose|Houston|Westminster|Seattle|Boston"),
    "AU": _items("Sydney|Melbourne|Brisbane|Adelaide"),
    "FR": _items("Paris|Lyon|Toulouse"),
    "CA": _items("Toronto|Montréal|Vancouver"),
    "DE": _items("Berlin|Munich|Frankfurt am Main"),
    "JP": _items("Tokyo|Osaka|Nagoya"),
    "KR": _items("Seoul|Busan|Daejeon"),
    "TW": _items("Taipei|Hsinchu|Taichung"),
    "GB": _items("London|Manchester"),
    "SG": _items("Singapore"),
    "NL": _items("Amsterdam|Eindhoven"),
    "IN": _items("Bengaluru|Pune"),
}
_FOREIGN_NATIONALITY = _t("JP:22 KR:22 TW:12 US:8 DE:8 AU:5 FR:6 SG:6 GB:4 IN:4 NL:3")
_ENGLISH_SPEAKING = {"US", "GB", "AU", "SG", "IN", "CA"}
_LANGUAGE_OF = {"JP": "ja", "KR": "ko", "FR": "fr", "DE": "de", "TW": "zh", "RU": "ru", "NL": "nl"}
_CEFR = _t("A2:15 B1:35 B2:30 C1:15 C2:5")
_VSTEP = _t("bac2:15 bac3:50 bac4:25 bac5:10")  # Vietnam's 6-level framework
_OTHER_LANGUAGE = _t("zh:25 ja:20 ko:20 fr:15 de:8 ru:7 km:5")
_TRAINING_TOPIC = _t(
    "digital_skills:25 digital_transformation:20 it_application:10 public_service_online:10 "
    "management:10 information_security:8 innovation:7 science_technology:5 foreign_language:3 "
    "other:2"
)
_TRAINING_TITLES = {
    "digital_skills": _items("Bồi dưỡng kỹ năng số cơ bản|Kỹ năng số cho cán bộ, công chức"),
    "digital_transformation": _items("Chuyển đổi số trong cơ quan nhà nước|Chính quyền số"),
    "it_application": _items("Ứng dụng công nghệ thông tin nâng cao|Khai thác dữ liệu"),
    "public_service_online": _items("Dịch vụ công trực tuyến toàn trình|Số hóa hồ sơ"),
    "management": _items("Bồi dưỡng lãnh đạo cấp phòng|Kỹ năng lãnh đạo, quản lý"),
    "information_security": _items("Bảo đảm an toàn thông tin mạng|Bảo vệ dữ liệu cá nhân"),
    "innovation": _items("Khởi nghiệp đổi mới sáng tạo|Quản trị đổi mới sáng tạo"),
    "science_technology": _items("Quản lý nhiệm vụ khoa học và công nghệ|Sở hữu trí tuệ"),
    "foreign_language": _items("Tiếng Anh giao tiếp cho cán bộ|Tiếng Anh chuyên ngành"),
    "other": _items("Kỹ năng mềm|Nghiệp vụ văn thư, lưu trữ"),
}
_TRAINING_PROVIDERS = _items(
    "Trường Chính trị Đồng Nai|Sở Nội vụ|Sở Khoa học và Công nghệ|Học viện Chính trị khu vực II|"
    "Học viện Hành chính và Quản trị công|Nền tảng Bình dân học vụ số|Trường Đại học Đồng Nai|"
    "Trường Đại học Lạc Hồng"
)
_PRIVATE_SECTOR = _t("private:55 fdi:45")
_PROJECT_LEVEL = _t("city:55 unit:30 national:15")
_PATENT_STATUS = _t("granted:60 filed:30 rejected:6 expired:4")
_PUBLIC_LEADERSHIP = Weighted(
    [("", 74.0), *_p("deputy_division:11 division:8 deputy_unit:4.5 unit:2.3 city:0.2")]
)
_VENUES_VN = _items(
    "Tạp chí Khoa học và Công nghệ Việt Nam|Tạp chí Khoa học Trường Đại học Cần Thơ|"
    "Tạp chí Phát triển Khoa học và Công nghệ|Tạp chí Khoa học Đại học Đồng Nai|"
    "Tạp chí Y học Việt Nam|Tạp chí Nông nghiệp và Phát triển nông thôn|Tạp chí Kinh tế và Dự báo"
)
_VENUES_INTL = (  # (journal, DOI prefix)
    ("Journal of Cleaner Production", "10.1016/j.jclepro"),
    ("Sustainability", "10.3390/su"),
    ("IEEE Access", "10.1109/ACCESS"),
    ("Scientific Reports", "10.1038/s41598"),
    ("PLOS ONE", "10.1371/journal.pone"),
    ("Vietnam Journal of Science, Technology and Engineering", "10.31276/VJSTE"),
    ("Heliyon", "10.1016/j.heliyon"),
    ("Applied Sciences", "10.3390/app"),
)
_AWARDS = (  # (name, level, issuer)
    ("Bằng khen của Chủ tịch Ủy ban nhân dân thành phố", "city", "Ủy ban nhân dân thành phố"),
    ("Chiến sĩ thi đua cấp thành phố", "city", "Ủy ban nhân dân thành phố"),
    ("Bằng khen của Thủ tướng Chính phủ", "national", "Thủ tướng Chính phủ"),
    ("Giấy khen của Thủ trưởng đơn vị", "unit", "Thủ trưởng đơn vị"),
    ("Giải thưởng Khoa học và Công nghệ Đồng Nai", "city", "Ủy ban nhân dân thành phố"),
    ("Giải thưởng Sáng tạo Khoa học Công nghệ Việt Nam", "national", "Liên hiệp các Hội KH&KT"),
    ("Giải thưởng Tạ Quang Bửu", "national", "Bộ Khoa học và Công nghệ"),
    ("Best Paper Award", "international", "IEEE"),
)
_COMPANIES_PRIVATE = _items(
    "Công ty TNHH Cơ khí Tân Mai|Công ty Cổ phần Điện tử Long Thành|Công ty TNHH Nhựa Hố Nai|"
    "Công ty Cổ phần Thực phẩm Trảng Bom|Công ty TNHH Gỗ Nhơn Trạch|"
    "Công ty Cổ phần Phần mềm Đồng Xoài|Công ty Cổ phần Chế biến Điều Bình Phước|"
    "Công ty TNHH Logistics Long Thành|Công ty Cổ phần Xây dựng Biên Hòa|"
    "Công ty TNHH Nông nghiệp Công nghệ cao Phú Riềng|Công ty Cổ phần Cao su Lộc Ninh|"
    "Công ty TNHH Giải pháp Số Trấn Biên"
)
_COMPANIES_FDI = _items(
    "Công ty TNHH Sakura Precision Việt Nam|Công ty TNHH Hanil Electronics Vina|"
    "Công ty TNHH Formosa Textile Đồng Nai|Công ty TNHH Rhein Automotive Việt Nam|"
    "Công ty TNHH Lotus Semiconductor Việt Nam|Công ty TNHH Orchid Pharma Việt Nam|"
    "Công ty TNHH Taiyo Chemical Việt Nam|Công ty TNHH Maple Logistics Việt Nam"
)
_HOSPITALS = _items(
    "Bệnh viện Đa khoa Đồng Nai|Bệnh viện Đa khoa Thống Nhất|Bệnh viện Đa khoa Bình Phước|"
    "Bệnh viện Nhi đồng Đồng Nai|Trung tâm Kiểm soát bệnh tật thành phố"
)
_OVERSEAS_EMPLOYERS = _items("University|Research Institute|Technology Inc.|Medical Center")
_WARD_JOBS = _items(
    "Công chức Văn hóa – Xã hội|Công chức Tư pháp – Hộ tịch|Công chức Địa chính – Xây dựng|"
    "Công chức Tài chính – Kế toán|Chuyên viên"
)
_OFFICE_JOBS = _items("Chuyên viên|Chuyên viên|Chuyên viên chính|Kế toán viên|Thanh tra viên")
_IT_JOBS = _items(
    "Lập trình viên|Kỹ sư phần mềm|Chuyên gia dữ liệu|Trưởng nhóm phát triển|"
    "Kiến trúc sư giải pháp|Giám đốc công nghệ"
)
_ENGINEER_JOBS = _items(
    "Kỹ sư|Kỹ sư|Kỹ sư trưởng|Trưởng phòng Kỹ thuật|Kỹ thuật viên|Quản đốc phân xưởng"
)
_LECTURER_JOBS = _items("Giảng viên|Giảng viên chính|Nghiên cứu viên|Giảng viên cao cấp")

# --------------------------------------------------------------------------- domains


@dataclass(frozen=True)
class _Domain:
    """A field of work: majors (with their S&T field), keywords, technologies, topics."""

    majors: tuple[tuple[str, str], ...]  # (major, st_field level-2 code)
    keywords: tuple[str, ...]
    technologies: tuple[str, ...]  # strategic_technology@QD21-2026
    tech_chance: float
    topics: tuple[str, ...]


def _domain(majors: str, keywords: str, technologies: str, tech_chance: float, topics: str):
    pairs = tuple((major, code) for major, _, code in (m.partition("=") for m in _items(majors)))
    return _Domain(
        pairs, _items(keywords), tuple(technologies.split()), tech_chance, _items(topics)
    )


_DOMAINS: dict[str, _Domain] = {
    "it": _domain(
        "Công nghệ thông tin=102|Khoa học máy tính=102|Hệ thống thông tin=102|"
        "Kỹ thuật phần mềm=102|An toàn thông tin=102",
        "trí tuệ nhân tạo|học máy|dữ liệu lớn|an toàn thông tin|điện toán đám mây|chính phủ số|"
        "phát triển phần mềm|Internet vạn vật|chuỗi khối|xử lý ngôn ngữ tự nhiên",
        "digital digital.llm digital.virtual_assistant digital.sector_ai digital.edge_ai_camera",
        0.6,
        "nhận dạng biển số xe bằng học sâu|hệ thống hỗ trợ dịch vụ công trực tuyến|"
        "mô hình ngôn ngữ lớn tiếng Việt cho hỏi đáp hành chính|"
        "phát hiện xâm nhập mạng bằng học máy|nền tảng IoT giám sát chất lượng nước|"
        "kho dữ liệu dùng chung cấp thành phố",
    ),
    "electronics": _domain(
        "Kỹ thuật điện tử – viễn thông=202|Kỹ thuật điện=202|"
        "Kỹ thuật điều khiển và tự động hóa=202|Thiết kế vi mạch=202",
        "vi mạch|thiết kế vi mạch|tự động hóa|hệ thống nhúng|năng lượng tái tạo|"
        "lưới điện thông minh",
        "semiconductor digital.edge_ai_camera digital",
        0.4,
        "bộ điều khiển nhúng cho hệ thống tưới tiết kiệm|lưới điện thông minh khu công nghiệp|"
        "thiết kế vi mạch cảm biến nhiệt độ|điện mặt trời áp mái cho doanh nghiệp",
    ),
    "mechanical": _domain(
        "Kỹ thuật cơ khí=203|Cơ điện tử=203|Kỹ thuật ô tô=203|Kỹ thuật nhiệt=203",
        "cơ điện tử|robot công nghiệp|CAD/CAM|gia công CNC|bảo trì công nghiệp|khuôn mẫu",
        "new_materials aerospace",
        0.15,
        "máy sấy hạt điều năng lượng mặt trời|robot gắp sản phẩm cho dây chuyền|"
        "khuôn ép nhựa chính xác|dây chuyền sơ chế mủ cao su",
    ),
    "civil": _domain(
        "Kỹ thuật xây dựng=201|Kỹ thuật xây dựng công trình giao thông=201|Kiến trúc=201|"
        "Quy hoạch vùng và đô thị=201",
        "quy hoạch đô thị|kết cấu công trình|BIM|hạ tầng giao thông|vật liệu xây dựng",
        "new_materials",
        0.1,
        "bê tông tro bay cho đường giao thông nông thôn|quy hoạch đô thị sân bay Long Thành|"
        "ứng dụng BIM trong quản lý dự án công",
    ),
    "chemistry": _domain(
        "Kỹ thuật hóa học=204|Công nghệ vật liệu=205|Hóa học=104|Hóa phân tích=104",
        "vật liệu nano|polymer|cao su kỹ thuật|hóa phân tích|xúc tác|vật liệu composite",
        "new_materials semiconductor",
        0.3,
        "vật liệu nano hấp phụ kim loại nặng|composite từ sợi xơ dừa|"
        "cải tiến quy trình lưu hóa cao su|xúc tác xử lý khí thải",
    ),
    "environment": _domain(
        "Kỹ thuật môi trường=207|Khoa học môi trường=105|Quản lý tài nguyên và môi trường=105",
        "xử lý nước thải|biến đổi khí hậu|quan trắc môi trường|kinh tế tuần hoàn|chất thải rắn",
        "biotechnology",
        0.1,
        "xử lý nước thải chăn nuôi bằng thực vật thủy sinh|"
        "quan trắc chất lượng nước sông Đồng Nai|phân loại rác tại nguồn ở đô thị|"
        "kiểm kê khí nhà kính",
    ),
    "food": _domain(
        "Công nghệ thực phẩm=211|Công nghệ sau thu hoạch=211",
        "an toàn thực phẩm|chế biến nông sản|bảo quản sau thu hoạch|truy xuất nguồn gốc",
        "biotechnology",
        0.25,
        "bảo quản sầu riêng sau thu hoạch|chế biến sâu hạt điều|truy xuất nguồn gốc nông sản",
    ),
    "medicine": _domain(
        "Y đa khoa=302|Nội khoa=302|Ngoại khoa=302|Nhi khoa=302|Y tế công cộng=303|"
        "Điều dưỡng=303|Y học cơ sở=301",
        "y tế cơ sở|bệnh không lây nhiễm|chẩn đoán hình ảnh|hồi sức cấp cứu|y học gia đình|"
        "y tế từ xa|sốt xuất huyết",
        "biotechnology digital.sector_ai",
        0.15,
        "tầm soát đái tháo đường tại trạm y tế|kháng kháng sinh tại bệnh viện tuyến tỉnh|"
        "AI hỗ trợ đọc phim X-quang ngực|dịch tễ sốt xuất huyết",
    ),
    "pharmacy": _domain(
        "Dược học=304|Dược lâm sàng=304|Công nghệ sinh học dược=305",
        "dược liệu|kiểm nghiệm thuốc|dược lâm sàng|cảnh giác dược",
        "biotechnology",
        0.3,
        "chiết xuất hoạt chất từ cây dược liệu Bù Gia Mập|kiểm nghiệm thuốc đông dược",
    ),
    "agriculture": _domain(
        "Nông học=401|Chăn nuôi=402|Thú y=403|Lâm nghiệp=404|Công nghệ sinh học=406|Thủy sản=405",
        "cây cao su|hồ tiêu|cây điều|nông nghiệp công nghệ cao|chăn nuôi an toàn sinh học|"
        "sầu riêng|giống cây trồng|dịch tả lợn châu Phi",
        "biotechnology",
        0.25,
        "giống điều năng suất cao cho Bình Phước|phòng bệnh dịch tả lợn châu Phi|"
        "canh tác hồ tiêu bền vững|nhân giống lan bằng nuôi cấy mô",
    ),
    "economics": _domain(
        "Kinh tế=502|Quản trị kinh doanh=502|Tài chính – Ngân hàng=502|Kế toán=502|"
        "Logistics và quản lý chuỗi cung ứng=502|Kinh tế phát triển=502",
        "logistics|khu công nghiệp|thu hút đầu tư|kinh tế số|khởi nghiệp đổi mới sáng tạo|"
        "tài chính công|du lịch",
        "digital",
        0.05,
        "phát triển logistics gắn với sân bay Long Thành|thu hút FDI thế hệ mới|"
        "kinh tế số cấp địa phương|hệ sinh thái khởi nghiệp Đồng Nai",
    ),
    "education": _domain(
        "Sư phạm Toán=101|Sư phạm Ngữ văn=602|Sư phạm Tiếng Anh=602|Sư phạm Vật lý=103|"
        "Giáo dục Tiểu học=503|Giáo dục Mầm non=503|Sư phạm Lịch sử=601|Sư phạm Sinh học=106|"
        "Quản lý giáo dục=503|Sư phạm Tin học=102|Sư phạm Hóa học=104",
        "đổi mới phương pháp dạy học|giáo dục STEM|chuyển đổi số trong giáo dục|"
        "kiểm tra đánh giá|giáo dục hòa nhập|dạy học tích hợp",
        "digital",
        0.03,
        "giáo dục STEM ở trường trung học cơ sở|dạy học trực tuyến vùng sâu vùng xa|"
        "đánh giá năng lực học sinh tiểu học",
    ),
    "law": _domain(
        "Luật=505|Luật kinh tế=505|Luật hành chính=505",
        "pháp luật hành chính|cải cách thủ tục hành chính|pháp chế|hộ tịch",
        "",
        0.0,
        "thực thi pháp luật về đất đai cấp xã|cải cách thủ tục hành chính",
    ),
    "public_admin": _domain(
        "Quản lý nhà nước=506|Chính trị học=506|Hành chính học=506|Xã hội học=504|"
        "Công tác xã hội=504|Quản lý công=506|Báo chí=508",
        "cải cách hành chính|chính quyền số|quản lý nhà nước|công tác dân tộc|an sinh xã hội|"
        "truyền thông chính sách",
        "digital",
        0.03,
        "mô hình chính quyền hai cấp sau sáp nhập|"
        "an sinh xã hội cho đồng bào dân tộc thiểu số|đánh giá sự hài lòng của người dân",
    ),
    "physics": _domain(
        "Vật lý kỹ thuật=103|Vật lý=103|Quang học=103",
        "quang tử|vật liệu bán dẫn|công nghệ lượng tử|vật lý tính toán",
        "quantum semiconductor",
        0.5,
        "vật liệu bán dẫn hai chiều|mô phỏng lượng tử vật liệu|cảm biến quang học",
    ),
    "biology": _domain(
        "Sinh học=106|Công nghệ sinh học=406|Vi sinh vật học=106",
        "công nghệ sinh học|vi sinh vật|di truyền phân tử|đa dạng sinh học",
        "biotechnology",
        0.35,
        "đa dạng sinh học Vườn quốc gia Cát Tiên|chế phẩm vi sinh xử lý phụ phẩm nông nghiệp|"
        "mã vạch DNA cây dược liệu",
    ),
    "math": _domain(
        "Toán ứng dụng=101|Thống kê=101|Khoa học dữ liệu=101",
        "thống kê|tối ưu hóa|mô hình toán học|khoa học dữ liệu",
        "digital",
        0.3,
        "mô hình dự báo dân số đô thị|tối ưu hóa mạng lưới logistics|thống kê Bayes ứng dụng",
    ),
}

# English titles of the topics, for papers in international venues (the expert finder
# matches them through its Vietnamese-English vocabulary).
_TOPICS_EN = {
    "nhận dạng biển số xe bằng học sâu": "Licence-plate recognition with deep learning",
    "hệ thống hỗ trợ dịch vụ công trực tuyến": "A support system for online public services",
    "mô hình ngôn ngữ lớn tiếng Việt cho hỏi đáp hành chính": (
        "A Vietnamese large language model for administrative question answering"
    ),
    "phát hiện xâm nhập mạng bằng học máy": ("Network intrusion detection with machine learning"),
    "nền tảng IoT giám sát chất lượng nước": "An IoT platform for water-quality monitoring",
    "kho dữ liệu dùng chung cấp thành phố": "A city-wide shared data warehouse",
    "bộ điều khiển nhúng cho hệ thống tưới tiết kiệm": (
        "An embedded controller for water-saving irrigation"
    ),
    "lưới điện thông minh khu công nghiệp": "Smart grids for industrial parks",
    "thiết kế vi mạch cảm biến nhiệt độ": "Integrated circuit design for temperature sensors",
    "điện mặt trời áp mái cho doanh nghiệp": "Rooftop solar power for businesses",
    "máy sấy hạt điều năng lượng mặt trời": "A solar-powered cashew dryer",
    "robot gắp sản phẩm cho dây chuyền": "A pick-and-place robot for production lines",
    "khuôn ép nhựa chính xác": "Precision plastic injection moulds",
    "dây chuyền sơ chế mủ cao su": "A processing line for raw rubber latex",
    "bê tông tro bay cho đường giao thông nông thôn": "Fly-ash concrete for rural roads",
    "quy hoạch đô thị sân bay Long Thành": "Urban planning around Long Thanh airport",
    "ứng dụng BIM trong quản lý dự án công": "BIM in public project management",
    "vật liệu nano hấp phụ kim loại nặng": "Nanomaterials adsorbing heavy metals",
    "composite từ sợi xơ dừa": "Coconut-fibre composites",
    "cải tiến quy trình lưu hóa cao su": "Improving the rubber vulcanization process",
    "xúc tác xử lý khí thải": "Catalysts for exhaust-gas treatment",
    "xử lý nước thải chăn nuôi bằng thực vật thủy sinh": (
        "Livestock wastewater treatment with aquatic plants"
    ),
    "quan trắc chất lượng nước sông Đồng Nai": ("Water-quality monitoring of the Dong Nai river"),
    "phân loại rác tại nguồn ở đô thị": "Source separation of urban solid waste",
    "kiểm kê khí nhà kính": "Greenhouse gas inventory",
    "bảo quản sầu riêng sau thu hoạch": "Post-harvest preservation of durian",
    "chế biến sâu hạt điều": "Deep processing of cashew nuts",
    "truy xuất nguồn gốc nông sản": "Traceability of agricultural products",
    "tầm soát đái tháo đường tại trạm y tế": "Diabetes screening at commune health stations",
    "kháng kháng sinh tại bệnh viện tuyến tỉnh": (
        "Antimicrobial resistance in provincial hospitals"
    ),
    "AI hỗ trợ đọc phim X-quang ngực": "AI-assisted chest X-ray reading",
    "dịch tễ sốt xuất huyết": "Epidemiology of dengue fever",
    "chiết xuất hoạt chất từ cây dược liệu Bù Gia Mập": (
        "Extraction of active compounds from medicinal plants of Bu Gia Map"
    ),
    "kiểm nghiệm thuốc đông dược": "Quality testing of traditional medicines",
    "giống điều năng suất cao cho Bình Phước": "High-yield cashew varieties for Binh Phuoc",
    "phòng bệnh dịch tả lợn châu Phi": "Prevention of African swine fever",
    "canh tác hồ tiêu bền vững": "Sustainable black pepper cultivation",
    "nhân giống lan bằng nuôi cấy mô": "Orchid propagation by tissue culture",
    "phát triển logistics gắn với sân bay Long Thành": (
        "Logistics development around Long Thanh airport"
    ),
    "thu hút FDI thế hệ mới": "Attracting new-generation FDI",
    "kinh tế số cấp địa phương": "The digital economy at local level",
    "hệ sinh thái khởi nghiệp Đồng Nai": "The Dong Nai start-up ecosystem",
    "giáo dục STEM ở trường trung học cơ sở": "STEM education in lower secondary schools",
    "dạy học trực tuyến vùng sâu vùng xa": "Online teaching in remote areas",
    "đánh giá năng lực học sinh tiểu học": "Competence assessment of primary school pupils",
    "thực thi pháp luật về đất đai cấp xã": "Enforcement of land law at commune level",
    "cải cách thủ tục hành chính": "Administrative procedure reform",
    "mô hình chính quyền hai cấp sau sáp nhập": "Two-tier local government after the merger",
    "an sinh xã hội cho đồng bào dân tộc thiểu số": "Social protection for ethnic minorities",
    "đánh giá sự hài lòng của người dân": "Measuring citizen satisfaction",
    "vật liệu bán dẫn hai chiều": "Two-dimensional semiconductor materials",
    "mô phỏng lượng tử vật liệu": "Quantum simulation of materials",
    "cảm biến quang học": "Optical sensors",
    "đa dạng sinh học Vườn quốc gia Cát Tiên": "Biodiversity of Cat Tien National Park",
    "chế phẩm vi sinh xử lý phụ phẩm nông nghiệp": (
        "Microbial products for agricultural by-product treatment"
    ),
    "mã vạch DNA cây dược liệu": "DNA barcoding of medicinal plants",
    "mô hình dự báo dân số đô thị": "Forecasting models of urban population",
    "tối ưu hóa mạng lưới logistics": "Optimization of logistics networks",
    "thống kê Bayes ứng dụng": "Applied Bayesian statistics",
}


# --------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class _Profile:
    """A kind of person: it decides unit, age, degrees and career together."""

    key: str
    share: float  # % of the registry
    ages: tuple[int, int]  # (youngest, oldest) today
    female: float
    domains: Weighted[str]
    degree: Weighted[str]  # first degree
    master: float  # chance of a master's degree
    doctor: float  # chance of a doctorate (includes the master's)


_PROFILES = [
    _Profile(
        "civil_servant", 36, (23, 60), 0.48,
        _t("public_admin:30 economics:20 law:15 it:7 civil:6 environment:6 agriculture:6 "
           "education:3 medicine:1"),
        _t("cu_nhan:78 ky_su:8 cao_dang:10 trung_cap:4"), 0.28, 0.02,
    ),
    _Profile(
        "teacher", 16, (23, 60), 0.72, _t("education"), _t("cu_nhan:88 cao_dang:12"), 0.15, 0.005,
    ),
    _Profile(
        "health", 7, (24, 60), 0.58, _t("medicine:80 pharmacy:20"),
        _t("bac_si:50 duoc_si:12 cao_dang:23 cu_nhan:15"), 0.25, 0.04,
    ),
    _Profile(
        "scientist", 6, (28, 68), 0.40,
        _t("it:14 electronics:8 mechanical:6 chemistry:8 environment:8 food:5 agriculture:12 "
           "medicine:8 pharmacy:3 economics:10 education:6 physics:4 biology:5 math:3"),
        _t("cu_nhan:55 ky_su:40 bac_si:5"), 1.0, 0.5,
    ),
    _Profile(
        "engineer", 14, (22, 58), 0.25,
        _t("electronics:20 mechanical:25 civil:15 chemistry:12 environment:8 food:8 it:12"),
        _t("ky_su:65 cu_nhan:13 cao_dang:17 kien_truc_su:5"), 0.15, 0.01,
    ),
    _Profile(
        "it", 5, (22, 48), 0.20, _t("it"), _t("ky_su:45 cu_nhan:45 cao_dang:10"), 0.15, 0.01,
    ),
    _Profile(
        "entrepreneur", 5, (25, 62), 0.35,
        _t("economics:50 agriculture:15 food:10 it:10 civil:10 mechanical:5"),
        _t("cu_nhan:50 ky_su:20 cao_dang:18 trung_cap:12"), 0.15, 0.01,
    ),
    _Profile(
        "student", 3, (21, 26), 0.50,
        _t("it:30 economics:20 electronics:10 medicine:10 biology:10 chemistry:10 education:10"),
        _t("cu_nhan:60 ky_su:40"), 0.0, 0.0,
    ),
    _Profile(
        "retired", 4, (61, 80), 0.35,
        _t("public_admin:20 education:20 medicine:15 agriculture:15 economics:10 mechanical:10 "
           "civil:10"),
        _t("cu_nhan:60 ky_su:30 bac_si:10"), 0.4, 0.25,
    ),
    _Profile(
        "overseas", 3, (26, 75), 0.40,
        _t("it:30 electronics:15 medicine:10 economics:15 chemistry:10 biology:10 physics:5 "
           "math:5"),
        _t("cu_nhan:50 ky_su:45 bac_si:5"), 0.5, 0.3,
    ),
    _Profile(
        "foreign", 1, (30, 68), 0.25,
        _t("it:20 electronics:20 mechanical:20 economics:15 agriculture:10 medicine:10 "
           "chemistry:5"),
        _t("cu_nhan:50 ky_su:50"), 0.7, 0.35,
    ),
]  # fmt: skip
_PROFILE_TABLE = Weighted([(p, p.share) for p in _PROFILES])
_PROFILE_BY_KEY = {p.key: p for p in _PROFILES}


# --------------------------------------------------------------------------- units


@dataclass(frozen=True, slots=True)
class UnitInfo:
    code: str
    kind: str
    name: str
    parent: str
    current: bool


def _as_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)) if value else None


def load_units(today: datetime.date) -> tuple[list[UnitInfo], dict[str, list[str]]]:
    """All units (current or not) and the former units of each unit, from the database
    when it has units, else from the repository's CSV files; sorted, for determinism."""
    rows: list[tuple] = []
    links: list[tuple[str, str]] = []
    try:
        # Imported here, not above: the generator also runs where Django is not set up.
        from hientai.orgs.models import Succession, Unit

        fields = ("code", "kind", "name_vi", "parent__code", "valid_from", "valid_to")
        rows = list(Unit.objects.values_list(*fields))
        links = list(Succession.objects.values_list("old_unit__code", "new_unit__code"))
    except Exception:  # no configured or migrated database: the CSV files will do
        rows = []
    if not rows:
        with UNITS_CSV.open(encoding="utf-8") as handle:
            columns = ("code", "kind", "name_vi", "parent_code", "valid_from", "valid_to")
            rows = [tuple(row[c] for c in columns) for row in csv.DictReader(handle)]
        with SUCCESSIONS_CSV.open(encoding="utf-8") as handle:
            links = [(row["old_code"], row["new_code"]) for row in csv.DictReader(handle)]
    rows.sort(key=lambda row: row[0])  # Python order, whatever the database collation
    units = []
    for code, kind, name, parent, start, end in rows:
        start, end = _as_date(start), _as_date(end)
        current = (start is None or start <= today) and (end is None or end >= today)
        units.append(UnitInfo(code, kind, name, parent or "", current))
    predecessors: dict[str, list[str]] = {}
    for old, new in sorted(links):
        predecessors.setdefault(new, []).append(old)
    return units, predecessors


class _UnitPools:
    """Weighted choices of managing unit by kind of person: wards and communes,
    departments, the education and health departments, universities, industry..."""

    def __init__(self, units: list[UnitInfo], only: Sequence[str] | None):
        skip = {"city", "province", "division"}
        current = [u for u in units if u.current and u.kind not in skip]
        known = {u.code: u for u in units}
        if only is not None:
            current = [known.get(c) or UnitInfo(c, "", c, "", True) for c in sorted(set(only))]
        if not current:
            raise ValueError("no current unit to assign people to")
        self.by_code = {**known, **{u.code: u for u in current}}
        self.divisions: dict[str, list[str]] = {}
        for unit in units:
            if unit.kind == "division" and unit.current:
                self.divisions.setdefault(unit.parent, []).append(unit.code)
        offices = {"department": 5.0, "agency": 2.0, "board": 2.0, "peoples_committee": 1.0}
        offices |= {"police": 1.0, "front": 1.0, "press": 1.0, "central_agency": 1.0}
        weights = {
            "local": self.local_weight,
            "offices": lambda u: offices.get(u.kind, 0.0),
            "education": lambda u: float(u.code == "75.SGDDT"),
            "health": lambda u: float(u.code == "75.SYT"),
            "academia": lambda u: (
                {"university": 3.0, "college": 2.0}.get(u.kind, 0.0)
                + {"75.SKHCN": 2.0, "75.LHH": 1.0}.get(u.code, 0.0)
            ),
            "industry": lambda u: {"75.BQLKCN": 5.0, "75.SCT": 2.0, "75.SKHCN": 1.0}.get(
                u.code, 0.0
            ),
            "foreign": lambda u: {"75.SNGV": 6.0, "75.SKHCN": 2.0, "75.BQLKCN": 1.0}.get(
                u.code, 0.0
            ),
        }
        self.fallback = Weighted([(u, 1.0) for u in current])
        self.pools: dict[str, Weighted[UnitInfo]] = {}
        for name, weight in weights.items():
            pairs = [(u, weight(u)) for u in current]
            if any(w > 0 for _, w in pairs):
                self.pools[name] = Weighted(pairs)
        homes = [
            (u, self.local_weight(u))
            for u in units
            if u.current and u.kind in {"ward", "commune"} and u.parent == CITY_CODE
        ]
        self.residence = Weighted(homes) if homes else self.fallback

    @staticmethod
    def local_weight(unit: UnitInfo) -> float:
        # Wards are denser than communes; the two demo wards are the big urban centres.
        boost = 4.0 if unit.code in {"25210", "26041"} else 1.0
        return {"ward": 3.0, "commune": 1.5}.get(unit.kind, 0.0) * boost

    def pick(self, rng: random.Random, pool: str) -> UnitInfo:
        return self.pools.get(pool, self.fallback).pick(rng)


def _short_place(name: str) -> str:
    for prefix in ("Phường ", "Xã ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# Which unit pool a kind of person is managed by: (pool, chance, other pool).
_UNIT_POOL = {
    "civil_servant": ("local", 0.5, "offices"),
    "teacher": ("education", 0.45, "local"),
    "health": ("health", 0.7, "local"),
    "scientist": ("academia", 1.0, "academia"),
    "engineer": ("industry", 0.35, "local"),
    "it": ("industry", 0.2, "local"),
    "entrepreneur": ("local", 0.8, "industry"),
    "student": ("academia", 0.5, "local"),
    "retired": ("local", 0.7, "offices"),
    "overseas": ("foreign", 0.8, "academia"),
    "foreign": ("foreign", 0.6, "industry"),
}
_PRIVATE_UNIVERSITIES = {"75.DHLH", "75.DHCNDN", "75.DHCNMD"}


# --------------------------------------------------------------------------- the generator


class _Generator:
    def __init__(
        self,
        seed: int,
        units: Sequence[str] | None,
        today: datetime.date,
        id_slot: int | None = None,
    ):
        self.rng = random.Random(seed)
        self.seed = seed
        self.id_slot = seed % 100 if id_slot is None else id_slot % 100
        self.today = today
        all_units, self.predecessors = load_units(today)
        self.pools = _UnitPools(all_units, units)
        self.id_counters: dict[str, int] = {}
        self.orcid_counter = 0
        self.doi_counter = 0
        self.patent_counter = 0

    # ---- identity

    def names(self, ethnic: str, gender: str, birth_year: int) -> tuple[str, str, str]:
        rng = self.rng
        family = _FAMILY_BY_ETHNIC.get(ethnic, _KINH_FAMILY).pick(rng)
        male = gender == "male"
        middles = _MIDDLE_MALE if male else _MIDDLE_FEMALE
        # Văn and Thị dominate older cohorts and fade among the young.
        if birth_year < 1980:
            plain = 0.45 if male else 0.6
        elif birth_year < 1995:
            plain = 0.3 if male else 0.4
        else:
            plain = 0.15 if male else 0.25
        if rng.random() < plain:
            middle = "Văn" if male else "Thị"
        else:
            middle = middles.pick(rng)
            if rng.random() < 0.12:  # two middle names: "Thị Ngọc", "Hoàng Minh"
                second = middles.pick(rng)
                if second != middle:
                    middle = (
                        f"Thị {second}" if not male and rng.random() < 0.5 else f"{middle} {second}"
                    )
        givens = _GIVEN_MALE if male else _GIVEN_FEMALE
        given = givens.pick(rng)
        if given == middle.split()[-1]:
            given = givens.pick(rng)
        return family, middle, given

    def personal_id(self, province: str, gender: str, birth_year: int) -> str:
        """Province + century/gender digit + birth year + 6 random-looking digits.

        The 6 digits are a bijection of (seed % 100, counter in the 6-digit prefix), so
        IDs are unique within a run and across runs whose seeds differ modulo 100 (up to
        10,000 people per prefix: about two million people per run)."""
        digit = (birth_year // 100 - 19) * 2 + (0 if gender == "male" else 1)
        prefix = f"{province}{digit}{birth_year % 100:02d}"
        counter = self.id_counters.get(prefix, 0)
        self.id_counters[prefix] = counter + 1
        serial = (self.id_slot * 10_000 + counter) % 1_000_000
        salt = int(prefix) * 7919 % 1_000_000
        return f"{prefix}{_scramble(serial, salt, 1_000_000):06d}"

    def old_id(self, province: str) -> str:
        prefix = _OLD_ID_PREFIX.get(province, "2" + province[1:])
        return prefix + "".join(str(self.rng.randrange(10)) for _ in range(9 - len(prefix)))

    def orcid(self) -> str:
        self.orcid_counter += 1
        base = f"00000002{_scramble(self.orcid_counter, self.seed, 10_000_000):07d}"
        digits = base + orcid_check_digit(base)
        return "-".join(digits[i : i + 4] for i in range(0, 16, 4))

    def email(self, family: str, middle: str, given: str, year: int, domain: str) -> str:
        rng = self.rng
        given_ascii = fold(given).replace(" ", "").replace("-", "")
        family_ascii = fold(family).replace(" ", "")
        middle_ascii = fold(middle).replace(" ", "")
        if domain:  # an office address: given name + initials, "hungnv@dongnai.gov.vn"
            initials = family_ascii[:1] + "".join(fold(m)[:1] for m in middle.split())
            return f"{given_ascii}{initials}@{domain}"
        style = rng.random()
        if style < 0.4:
            local = f"{family_ascii}{middle_ascii}{given_ascii}{year % 100:02d}"
        elif style < 0.7:
            local = f"{given_ascii}.{family_ascii}{rng.randint(1, 999)}"
        else:
            local = f"{given_ascii}{family_ascii}{year}"
        return f"{local}@{_MAIL_DOMAINS.pick(rng)}"

    def phone(self) -> str:
        return f"+84{self.rng.choice(_PHONE_PREFIXES)}{self.rng.randrange(10_000_000):07d}"

    def address(self, unit: UnitInfo) -> str:
        rng = self.rng
        if unit.kind == "commune":
            return f"Ấp {rng.randint(1, 9)}, {unit.name}"
        street = rng.choice(_STREETS)
        return f"{rng.randint(1, 450)} {street}, khu phố {rng.randint(1, 12)}, {unit.name}"

    # ---- education

    def _school(self, abroad: str, domain_key: str) -> tuple[str, str]:
        if abroad:
            return _FOREIGN_UNIVERSITIES.get(abroad, "University"), abroad
        return self.rng.choice(_SCHOOLS[domain_key]), "VN"

    def qualifications(
        self, profile: _Profile, domain_key: str, birth_year: int, abroad: str
    ) -> list[QualificationPart]:
        rng = self.rng
        major, st_field = rng.choice(_DOMAINS[domain_key].majors)
        first = profile.degree.pick(rng)
        if first in {"bac_si", "duoc_si"} and domain_key not in {"medicine", "pharmacy"}:
            first = "cu_nhan"
        elif domain_key == "medicine" and first == "duoc_si":
            first = "bac_si"
        elif domain_key == "pharmacy" and first == "bac_si":
            first = "duoc_si"
        study = {"trung_cap": 20, "cao_dang": 21, "bac_si": 24, "duoc_si": 23}.get(first, 22)
        year = birth_year + study + rng.randint(0, 2)
        if year > self.today.year:
            return []  # still studying for a first degree
        institution, country = self._school(abroad, domain_key)
        parts = [
            QualificationPart(
                first, _DEGREE_VQF[first], st_field, major, institution, country, year
            )
        ]
        if first in {"trung_cap", "cao_dang"} or rng.random() >= profile.master:
            return parts
        year += rng.randint(2, 8)
        if year > self.today.year:
            return parts
        place = abroad or (_STUDY_ABROAD.pick(rng) if rng.random() < 0.2 else "")
        institution, country = self._school(place, domain_key)
        parts.append(
            QualificationPart("thac_si", "VQF7", st_field, major, institution, country, year)
        )
        if rng.random() >= profile.doctor / profile.master:
            return parts
        year += rng.randint(3, 7)
        if year > self.today.year:
            return parts
        place = abroad or (_STUDY_ABROAD.pick(rng) if rng.random() < 0.4 else "")
        institution, country = self._school(place, domain_key)
        degree = "tskh" if birth_year < 1960 and rng.random() < 0.05 else "tien_si"
        parts.append(QualificationPart(degree, "VQF8", st_field, major, institution, country, year))
        return parts

    # ---- careers

    @staticmethod
    def _job(
        unit: str,
        organization: str,
        position: str,
        leadership: str,
        sector: str,
        vqf: int,
        start: datetime.date | None,
        end: datetime.date | None,
    ) -> EmploymentPart:
        # occupation_group@VSCO: 1 leaders, 2 professionals, 3 associates, 4 clerks
        group = "1" if leadership else "2" if vqf >= 6 else "3" if vqf == 5 else "4"
        return EmploymentPart(unit, organization, position, leadership, sector, group, start, end)

    def _public_job(
        self, key: str, unit: UnitInfo, vqf: int, degree: str
    ) -> tuple[str, str, str, str]:
        """(unit code, organisation, position, leadership level) of a public job."""
        rng = self.rng
        local = unit.kind in {"ward", "commune"}
        place = _short_place(unit.name)
        if key == "teacher":
            roll = rng.random()
            leadership = "deputy_division" if roll < 0.07 else "division" if roll < 0.11 else ""
            position = {"deputy_division": "Phó Hiệu trưởng", "division": "Hiệu trưởng"}.get(
                leadership, "Giáo viên"
            )
            if local:
                school = rng.choice(("Trường Mầm non", "Trường Tiểu học", "Trường THCS"))
            else:
                school, place = "Trường THPT", _short_place(self.pools.residence.pick(rng).name)
            return unit.code, f"{school} {place}", position, leadership
        leadership = _PUBLIC_LEADERSHIP.pick(rng)
        if leadership in {"deputy_unit", "unit", "city"} and vqf < 6:
            leadership = ""
        if key == "health":
            if leadership == "city":
                leadership = "unit"
            default = {"bac_si": "Bác sĩ", "duoc_si": "Dược sĩ"}.get(degree, "Điều dưỡng")
            position = {
                "deputy_division": "Phó Trưởng khoa",
                "division": "Trưởng khoa",
                "deputy_unit": "Phó Giám đốc",
                "unit": "Giám đốc",
            }.get(leadership, default)
            organization = f"Trạm Y tế {place}" if local else rng.choice(_HOSPITALS)
            return unit.code, organization, position, leadership
        if key == "scientist":
            if leadership == "city":
                leadership = "unit"
            position = {
                "deputy_division": "Phó Trưởng khoa",
                "division": "Trưởng khoa",
                "deputy_unit": "Phó Hiệu trưởng",
                "unit": "Hiệu trưởng",
            }.get(leadership) or rng.choice(_LECTURER_JOBS)
            return unit.code, "", position, leadership
        head = "Chủ tịch Ủy ban nhân dân" if local else "Giám đốc"
        if leadership == "city" and "75.UBND" in self.pools.by_code:
            return "75.UBND", "", "Phó Chủ tịch Ủy ban nhân dân thành phố", leadership
        if leadership == "city":
            leadership = "unit"
        position = {
            "deputy_division": "Phó Trưởng phòng",
            "division": "Trưởng phòng",
            "deputy_unit": f"Phó {head}",
            "unit": head,
        }.get(leadership) or rng.choice(_WARD_JOBS if local else _OFFICE_JOBS)
        job_unit = unit.code
        divisions = self.pools.divisions.get(unit.code)
        if divisions and leadership in {"", "deputy_division", "division"} and rng.random() < 0.7:
            job_unit = rng.choice(divisions)
        return job_unit, "", position, leadership

    def career(
        self,
        profile: _Profile,
        unit: UnitInfo,
        quals: list[QualificationPart],
        birth_year: int,
        public: bool,
        foreign: str,
        overseas: str,
    ) -> list[EmploymentPart]:
        rng, today, key = self.rng, self.today, profile.key
        if key == "student":
            return []
        vqf = max((_VQF_RANK[q.level] for q in quals), default=3)
        degree = quals[0].degree if quals else ""
        first_year = (quals[0].year or birth_year + 22) if quals else birth_year + 20
        career_start = _day(rng, _jan1(first_year), _dec31(first_year + 1))
        retired_on = None
        if key == "retired":
            retire_year = min(birth_year + rng.choice((55, 60, 60, 62)), today.year - 1)
            retired_on = _day(rng, _jan1(retire_year), _dec31(retire_year))
        last_day = retired_on or today
        if last_day - career_start < _days(60):
            return []
        # The current (or last) job started somewhere in the career; earlier jobs fill the gap.
        start = _day(rng, career_start, last_day - _days(30))
        jobs: list[EmploymentPart] = []
        if public:
            job_unit, organization, position, leadership = self._public_job(
                "" if key == "retired" else key, unit, vqf, degree
            )
            job = self._job(
                job_unit, organization, position, leadership, "public", vqf, start, retired_on
            )
            jobs.append(job)
            # Staff of merged units held the same job under the former unit until 30/06/2025.
            former = self.predecessors.get(unit.code)
            if former and start < MERGER_DAY:
                if retired_on and retired_on < MERGER_DAY:
                    job.unit_code = rng.choice(former)
                else:
                    old = self._job(
                        rng.choice(former), organization, position, leadership, "public", vqf,
                        start, MERGER_DAY - _days(1),
                    )  # fmt: skip
                    job.start = MERGER_DAY
                    jobs.append(old)
        elif overseas:
            city = rng.choice(_OVERSEAS_CITIES.get(overseas, ("",)))
            organization = f"{city} {rng.choice(_OVERSEAS_EMPLOYERS)}".strip()
            if vqf >= 8:
                position = rng.choice(("Professor", "Associate Professor", "Research Scientist"))
            else:
                position = rng.choice(("Senior Engineer", "Engineer", "Data Scientist", "Manager"))
            jobs.append(self._job("", organization, position, "", "overseas", vqf, start, None))
        elif foreign:
            organization = rng.choice(_COMPANIES_FDI + _LOCAL_UNIVERSITIES)
            position = rng.choice(("Chuyên gia kỹ thuật", "Giám đốc kỹ thuật", "Giảng viên"))
            jobs.append(self._job("", organization, position, "", "fdi", vqf, start, None))
        elif key == "entrepreneur":
            position = rng.choice(("Giám đốc", "Giám đốc", "Phó Giám đốc", "Chủ hộ kinh doanh"))
            organization = rng.choice(_COMPANIES_PRIVATE)
            if position == "Chủ hộ kinh doanh":
                organization = f"Hộ kinh doanh {rng.choice(_STREETS)}"
            jobs.append(self._job("", organization, position, "", "private", vqf, start, None))
        else:
            sector = _PRIVATE_SECTOR.pick(rng)
            organization = rng.choice(_COMPANIES_FDI if sector == "fdi" else _COMPANIES_PRIVATE)
            position = rng.choice(_IT_JOBS if key == "it" else _ENGINEER_JOBS)
            if vqf <= 5 and position.startswith("Kỹ sư"):
                position = "Kỹ thuật viên"
            jobs.append(self._job("", organization, position, "", sector, vqf, start, retired_on))
        # Up to two earlier jobs between the career start and the current one.
        cursor = min(j.start for j in jobs if j.start)
        years = (cursor - career_start).days / 365.25
        earlier = 0 if years < 2 else 1 if years < 8 or rng.random() < 0.5 else 2
        for step in range(earlier):
            begin = career_start if step == earlier - 1 else _day(rng, career_start, cursor)
            if cursor - begin < _days(180):
                break
            end = cursor - _days(rng.randint(1, 60))
            jobs.append(self._earlier_job(key, public, vqf, begin, end))
            cursor = begin
        jobs.sort(key=lambda j: j.start or datetime.date.min)
        return jobs

    def _earlier_job(
        self, key: str, public: bool, vqf: int, start: datetime.date, end: datetime.date
    ) -> EmploymentPart:
        """A former job: the same trade elsewhere in the city, or a company."""
        rng = self.rng
        if public and rng.random() < 0.7:
            other: UnitInfo | None  # None: a job outside the city's units
            other = self.pools.pick(rng, "local" if rng.random() < 0.6 else "offices")
            place = _short_place(self.pools.residence.pick(rng).name)
            organization = ""
            if key == "teacher":
                position = "Giáo viên"
                organization = f"{rng.choice(('Trường Tiểu học', 'Trường THCS'))} {place}"
            elif key == "health":
                position, organization = "Nhân viên y tế", f"Trạm Y tế {place}"
            elif key == "scientist":
                position, organization = "Giảng viên", rng.choice(_LOCAL_UNIVERSITIES)
                other = None
            elif other.kind in {"ward", "commune"}:
                position = rng.choice(_WARD_JOBS)
            else:
                position = "Chuyên viên"
            code = other.code if other else ""
            sector = "public" if other else "private"
            if code in self.predecessors and end < MERGER_DAY:  # today's unit did not exist yet
                code = rng.choice(self.predecessors[code])
            return self._job(code, organization, position, "", sector, vqf, start, end)
        sector = _PRIVATE_SECTOR.pick(rng)
        organization = rng.choice(_COMPANIES_FDI if sector == "fdi" else _COMPANIES_PRIVATE)
        position = "Kỹ sư" if key in {"engineer", "it", "scientist"} and vqf >= 6 else "Nhân viên"
        return self._job("", organization, position, "", sector, vqf, start, end)

    # ---- research output, training, assessments

    def publications(
        self, domain: _Domain, count: int, first_year: int, international: bool
    ) -> list[PublicationPart]:
        rng = self.rng
        parts = []
        for _ in range(count):
            topic = rng.choice(domain.topics)
            year = rng.randint(first_year, self.today.year)
            if international and rng.random() < 0.6:
                venue, prefix = rng.choice(_VENUES_INTL)
                self.doi_counter += 1
                serial = _scramble(self.doi_counter, self.seed, 1_000_000)
                parts.append(
                    PublicationPart(
                        f"{_TOPICS_EN[topic]}: a case study in Dong Nai, Vietnam"
                        if topic in _TOPICS_EN
                        else f"A study of {fold(topic)} in Dong Nai, Vietnam",
                        f"{prefix}.{year}.{serial:06d}",
                        venue,
                        year,
                    )
                )
                continue
            doi = ""
            if rng.random() < 0.3:
                self.doi_counter += 1
                doi = f"10.31276/VJST.{year}.{self.doi_counter:07d}"
            parts.append(PublicationPart(f"Nghiên cứu {topic}", doi, rng.choice(_VENUES_VN), year))
        return parts

    def projects(self, domain: _Domain, count: int, first_year: int) -> list[ProjectPart]:
        rng = self.rng
        parts = []
        for i in range(count):
            level = _PROJECT_LEVEL.pick(rng)
            year = rng.randint(first_year, self.today.year)
            prefix = {"national": "ĐTĐL", "city": "KHCN-ĐN", "unit": "CS"}[level]
            code = f"{prefix}.{year}.{rng.randint(1, 60):02d}"
            if i == 0 and rng.random() < 0.6:
                role = "leader"
            else:
                role = rng.choice(("member", "member", "secretary"))
            accepted = None
            if year < self.today.year and rng.random() < 0.8:
                accepted = _day(rng, _jan1(year + 1), min(_dec31(year + 2), self.today))
            applied = accepted is not None and rng.random() < 0.75
            verb = rng.choice(("Nghiên cứu", "Ứng dụng", "Xây dựng mô hình"))
            title = f"{verb} {rng.choice(domain.topics)}"
            parts.append(ProjectPart(title, code, level, role, accepted, applied))
        return parts

    def patents(self, domain: _Domain, count: int, first_year: int) -> list[PatentPart]:
        rng = self.rng
        parts = []
        for _ in range(count):
            kind = "patent" if rng.random() < 0.45 else "utility_solution"
            year = rng.randint(first_year, self.today.year)
            filed = _day(rng, _jan1(year), min(_dec31(year), self.today))
            status = _PATENT_STATUS.pick(rng)
            granted = None
            number = ""
            if status in {"granted", "expired"}:
                granted = min(filed + _days(rng.randint(400, 1500)), self.today)
                self.patent_counter += 1
                serial = _scramble(self.patent_counter, self.seed, 10_000_000)
                number = f"{1 if kind == 'patent' else 2}-{serial:07d}"
            thing = "Quy trình" if rng.random() < 0.5 else "Thiết bị"
            title = f"{thing} {rng.choice(domain.topics)}"
            parts.append(PatentPart(title, kind, number, status, filed, granted))
        return parts

    def trainings(self, public: bool, leader: bool, since_year: int) -> list[TrainingPart]:
        rng, today = self.rng, self.today
        # Public staff are the target of the yearly training plans.
        years = [today.year] if rng.random() < (0.45 if public else 0.12) else []
        earlier = rng.choice((0, 0, 1, 1, 2, 3) if public else (0, 0, 0, 1))
        first = min(since_year, today.year - 1)
        years += [rng.randint(first, today.year - 1) for _ in range(earlier)]
        parts = []
        for year in years:
            topic = "management" if leader and rng.random() < 0.3 else _TRAINING_TOPIC.pick(rng)
            start = _day(rng, _jan1(year), min(_dec31(year), today - _days(3)))
            hours = rng.choice((4, 8, 16, 24, 40, 60, 80, 120))
            end = min(start + _days(max(0, hours // 8 - 1)), today)
            if topic == "digital_skills" and rng.random() < 0.5:
                provider = "Nền tảng Bình dân học vụ số"
            else:
                provider = rng.choice(_TRAINING_PROVIDERS)
            certificate = f"GCN {rng.randint(1, 9999):04d}/{year}" if rng.random() < 0.7 else ""
            title = rng.choice(_TRAINING_TITLES[topic])
            parts.append(TrainingPart(topic, title, provider, hours, start, end, certificate))
        return parts

    def assessments(self, public: bool, languages: list[LanguagePart]) -> list[AssessmentPart]:
        rng, today = self.rng, self.today
        parts = []
        if rng.random() < (0.4 if public else 0.1):  # the national digital-skill assessment
            score = round(rng.triangular(35, 100, 72), 1)
            if score < 50:
                result = "Chưa đạt"
            elif score < 65:
                result = "Đạt"
            else:
                result = "Khá" if score < 80 else "Tốt"
            parts.append(
                AssessmentPart(
                    "digital_skills", result, score, _day(rng, today - _days(540), today)
                )
            )
        if rng.random() < (0.25 if public else 0.08):
            level = "nâng cao" if rng.random() < 0.2 else "cơ bản"
            when = _day(rng, today - _days(3650), today)
            parts.append(AssessmentPart("it", f"Chuẩn kỹ năng sử dụng CNTT {level}", None, when))
        if any(lang.language == "en" for lang in languages) and rng.random() < 0.35:
            if rng.random() < 0.5:
                score = rng.choice((5.0, 5.5, 6.0, 6.5, 7.0, 7.5, 8.0))
                result = f"IELTS {score:.1f}"
            else:
                score = float(rng.randrange(400, 950, 5))
                result = f"TOEIC {score:.0f}"
            when = _day(rng, today - _days(2000), today)
            parts.append(AssessmentPart("foreign_language", result, score, when))
        return parts

    def languages(
        self, vqf: int, public: bool, foreign: str, overseas: str, quals: list[QualificationPart]
    ) -> list[LanguagePart]:
        rng = self.rng
        spoken: dict[str, str] = {}
        if foreign:
            if foreign not in _ENGLISH_SPEAKING:
                spoken[_LANGUAGE_OF.get(foreign, "en")] = "C2"
            spoken.setdefault("en", "C1" if rng.random() < 0.6 else "B2")
            if rng.random() < 0.3:
                spoken["vi"] = "A2"
            return [LanguagePart(lang, level) for lang, level in spoken.items()]
        if vqf < 6 and not overseas:
            return []
        if rng.random() < (0.95 if vqf >= 7 or overseas else 0.7):
            if vqf >= 8 or overseas:
                spoken["en"] = rng.choice(("B2", "C1", "C1", "C2"))
            else:
                spoken["en"] = (_VSTEP if public and rng.random() < 0.5 else _CEFR).pick(rng)
        for country in [q.country for q in quals] + [overseas]:
            lang = _LANGUAGE_OF.get(country)
            if lang and lang not in spoken:
                spoken[lang] = rng.choice(("B1", "B2", "C1"))
        if rng.random() < 0.08:
            spoken.setdefault(_OTHER_LANGUAGE.pick(rng), rng.choice(("A2", "B1")))
        return [LanguagePart(lang, level) for lang, level in spoken.items()]

    # ---- one person

    def person(self, index: int) -> PersonRecord:
        rng, today = self.rng, self.today
        profile = _PROFILE_TABLE.pick(rng)
        # Every 1,000 records hold a "Nguyễn Văn Hùng" and a "Đặng" (searched by tests).
        forced = {3: "hung", 11: "dang"}.get(index % 1000, "")
        if forced and profile.key == "foreign":
            profile = _PROFILE_BY_KEY["civil_servant"]
        key = profile.key
        youngest, oldest = profile.ages
        birth_year = rng.randint(today.year - oldest, today.year - youngest)
        birth_date = _jan1(birth_year) + _days(rng.randrange(365))
        gender = "female" if rng.random() < profile.female else "male"
        if forced == "hung":
            gender = "male"
        foreign = _FOREIGN_NATIONALITY.pick(rng) if key == "foreign" else ""
        overseas = _OVERSEAS_COUNTRY.pick(rng) if key == "overseas" else ""
        if foreign:
            ethnic = ""
        elif overseas or forced:
            ethnic = "06" if not forced and rng.random() < 0.08 else "01"
        else:
            ethnic = _ETHNIC.pick(rng)
        other_names = ""
        if foreign:
            families, givens = _FOREIGN_NAMES[foreign]
            family, middle, given = rng.choice(families), "", rng.choice(givens)
            if foreign not in _FAMILY_FIRST:
                other_names = f"{given} {family}"  # as written at home
        else:
            family, middle, given = self.names(ethnic, gender, birth_year)
        if forced == "hung":
            family, middle, given = "Nguyễn", "Văn", "Hùng"
        elif forced == "dang":
            family = "Đặng"

        pool, chance, other_pool = _UNIT_POOL[key]
        unit = self.pools.pick(rng, pool if rng.random() < chance else other_pool)
        if key == "teacher":
            public = rng.random() < 0.9
        elif key == "retired":
            public = rng.random() < 0.7
        else:
            public = key in {"civil_servant", "health", "scientist"}
        if key == "scientist" and unit.code in _PRIVATE_UNIVERSITIES:
            public = False

        domain_key = profile.domains.pick(rng)
        domain = _DOMAINS[domain_key]
        abroad = foreign or (overseas if rng.random() < 0.3 else "")
        quals = self.qualifications(profile, domain_key, birth_year, abroad)
        vqf = max((_VQF_RANK[q.level] for q in quals), default=3)
        doctor = vqf >= 8
        jobs = self.career(profile, unit, quals, birth_year, public, foreign, overseas)
        current = next((j for j in jobs if j.end is None), None)
        age = today.year - birth_year

        titles: list[TitlePart] = []
        if doctor and key in {"scientist", "retired", "overseas", "foreign"}:
            phd_year = max(q.year or 0 for q in quals)
            roll = rng.random()
            if roll < 0.05 and age >= 45:  # GS and PGS are rare
                titles.append(TitlePart("GS", min(phd_year + rng.randint(10, 18), today.year)))
            elif roll < 0.25 and age >= 35:
                titles.append(TitlePart("PGS", min(phd_year + rng.randint(5, 10), today.year)))

        status, since = self.status(key, jobs, current, birth_year)
        categories = self.categories(profile, public, age, vqf, domain_key, overseas, foreign)

        st_fields = list(dict.fromkeys(q.st_field for q in quals))
        if not st_fields or (key in {"scientist", "overseas", "foreign"} and rng.random() < 0.3):
            st_fields = list(dict.fromkeys([*st_fields, rng.choice(domain.majors)[1]]))
        technologies: list[str] = []
        tech_chance = domain.tech_chance * (0.3 if key in {"civil_servant", "teacher"} else 1.0)
        if domain.technologies and rng.random() < tech_chance:
            count = min(2, len(domain.technologies)) if rng.random() < 0.3 else 1
            technologies = sorted(rng.sample(domain.technologies, count))
        keyword_count = min(len(domain.keywords), rng.randint(2, 4))
        keywords = "; ".join(rng.sample(domain.keywords, keyword_count))
        languages = self.languages(vqf, public, foreign, overseas, quals)

        # Research output starts after the first degree.
        first_year = min((quals[0].year or today.year) + 1, today.year) if quals else today.year
        pubs: list[PublicationPart] = []
        patents: list[PatentPart] = []
        projects: list[ProjectPart] = []
        researcher = key in {"scientist", "overseas"} or (doctor and key in {"retired", "foreign"})
        if researcher:
            mean = 9 if doctor else 3
            count = min(int(rng.expovariate(1 / mean)), 60)
            pubs = self.publications(domain, count, first_year, True)
            if rng.random() < 0.6:
                projects = self.projects(domain, rng.randint(1, 6 if doctor else 3), first_year)
            if rng.random() < 0.12:
                patents = self.patents(domain, rng.randint(1, 3), first_year)
        elif key in {"engineer", "it", "health"} or (vqf >= 7 and rng.random() < 0.2):
            if rng.random() < 0.15:
                pubs = self.publications(domain, rng.randint(1, 3), first_year, vqf >= 7)
            if rng.random() < 0.07:
                projects = self.projects(domain, 1, first_year)
            if key == "engineer" and rng.random() < 0.04:
                patents = self.patents(domain, 1, first_year)
        elif public and rng.random() < 0.03:
            projects = self.projects(domain, 1, first_year)
        awards: list[AwardPart] = []
        if rng.random() < (0.5 if researcher else 0.15):
            choices = _AWARDS if researcher else _AWARDS[:4]
            for _ in range(rng.randint(1, 3)):
                name, level, issuer = rng.choice(choices)
                awards.append(AwardPart(name, level, issuer, rng.randint(first_year, today.year)))
        leader = any(j.leadership_level for j in jobs)
        since_year = jobs[0].start.year if jobs and jobs[0].start else today.year
        trainings = self.trainings(public and current is not None, leader, since_year)
        assessments = self.assessments(public, languages)

        personal_id = old_id = ""
        if not foreign and not (overseas and rng.random() < 0.25):
            province = _PROVINCE_BY_ETHNIC.get(ethnic, _PROVINCE).pick(rng)
            if rng.random() < 0.97:
                personal_id = self.personal_id(province, gender, birth_year)
            if birth_year <= 2004 and (not personal_id or rng.random() < 0.12):
                old_id = self.old_id(province)
        orcid = scopus = ""
        if researcher and (doctor or pubs) and rng.random() < 0.8:
            orcid = self.orcid()
            if len(pubs) >= 3 and rng.random() < 0.5:
                scopus = f"57{rng.randrange(10**9):09d}"

        residence = address = ""
        if not overseas and not (foreign and rng.random() < 0.4):
            home = unit if unit.kind in {"ward", "commune"} and rng.random() < 0.8 else None
            home = home or self.pools.residence.pick(rng)
            residence = home.code
            if rng.random() < 0.85:
                address = self.address(home)
        overseas_kind = overseas_country = overseas_city = ""
        if overseas:
            overseas_kind, overseas_country = "vietnamese_abroad", overseas
            overseas_city = rng.choice(_OVERSEAS_CITIES[overseas])
        elif foreign:
            overseas_kind = "foreign_expert"
            if not residence:  # works with the city from abroad
                overseas_country = foreign
                overseas_city = rng.choice(_OVERSEAS_CITIES.get(foreign, ("",)))
        office_mail = ""
        if public and current and rng.random() < 0.6:
            office_mail = "dongnai.edu.vn" if key == "teacher" else "dongnai.gov.vn"
        email = ""
        if rng.random() < 0.92:
            email = self.email(family, middle, given, birth_year, office_mail)
        phone = self.phone() if rng.random() < (0.5 if overseas else 0.95) else ""
        # Most profiles were checked in the last 12 months, some long ago.
        if rng.random() < 0.8:
            verified = _day(rng, today - _days(364), today)
        else:
            verified = _day(rng, today - _days(1500), today - _days(366))
        nationality = foreign or (overseas if overseas and rng.random() < 0.3 else "VN")
        return PersonRecord(
            unit_code=unit.code,
            family_name=family,
            middle_name=middle,
            given_name=given,
            other_names=other_names,
            birth_year=birth_year,
            birth_date=None if rng.random() < 0.05 else birth_date,
            gender=gender,
            ethnic_group=ethnic,
            nationality=nationality,
            personal_id=personal_id,
            old_id_number=old_id,
            email=email,
            phone=phone,
            address=address,
            residence_unit_code=residence,
            overseas_kind=overseas_kind,
            overseas_country=overseas_country,
            overseas_city=overseas_city,
            categories=categories,
            st_fields=st_fields,
            strategic_technologies=technologies,
            keywords=keywords,
            orcid=orcid,
            scopus_id=scopus,
            source=f"generator seed {self.seed} #{index + 1}",
            last_verified_on=verified,
            status=status,
            status_since=since,
            qualifications=quals,
            academic_titles=titles,
            languages=languages,
            employments=jobs,
            publications=pubs,
            patents=patents,
            projects=projects,
            awards=awards,
            trainings=trainings,
            assessments=assessments,
        )

    def status(
        self,
        key: str,
        jobs: list[EmploymentPart],
        current: EmploymentPart | None,
        birth_year: int,
    ) -> tuple[str, datetime.date]:
        """The status and the day it started (the one StatusPeriod of a loaded person)."""
        rng, today = self.rng, self.today
        # Active since the start of the career (as-of counts then grow over the years).
        status, since = "active", jobs[0].start if current and jobs else None
        if key == "retired":
            status = "deceased" if rng.random() < 0.03 else "retired"
            since = jobs[-1].end if jobs and jobs[-1].end else _jan1(birth_year + 60)
            if status == "deceased":
                since = _day(rng, since, today)
        elif key == "overseas":
            status = "overseas"
        elif key == "student":
            status = "studying"
            since = _day(rng, today - _days(900), today - _days(30))
        else:
            roll = rng.random()
            if roll < 0.035:
                status = "moved_out" if roll < 0.015 else "inactive" if roll < 0.025 else "studying"
                since = _day(rng, today - _days(700), today - _days(7))
                if status == "moved_out" and current and current.start:
                    # Leaving the city ends the job there.
                    since = max(since, min(current.start + _days(30), today))
                    current.end = since - _days(1)
        if since is None:
            since = _day(rng, _jan1(min(max(birth_year + 20, 2010), today.year)), today)
        return status, min(since, today)

    def categories(
        self,
        profile: _Profile,
        public: bool,
        age: int,
        vqf: int,
        domain_key: str,
        overseas: str,
        foreign: str,
    ) -> list[str]:
        """person_category codes: many public staff, teachers and youth; few experts."""
        rng, key = self.rng, profile.key
        categories = []
        if public:
            categories.append("public_staff")
        if key == "teacher":
            categories.append("teacher")
        if 16 <= age <= 30 or (age <= 35 and rng.random() < 0.3):
            categories.append("youth")
        if vqf >= 7 or (vqf == 6 and rng.random() < 0.35):
            categories.append("intellectual")
        if key == "scientist" or (vqf >= 8 and rng.random() < 0.6):
            categories.append("scientist")
        expert = {"scientist": 0.4, "retired": 0.55, "overseas": 0.5, "foreign": 1.0}
        if rng.random() < expert.get(key, 0.03 if vqf >= 7 else 0.0):
            categories.append("expert")
        skilled = {"engineer", "it", "health", "scientist", "overseas", "foreign"}
        if key in skilled or (vqf >= 7 and rng.random() < 0.3):
            categories.append("high_quality")
        if domain_key == "it" or (key == "engineer" and rng.random() < 0.2):
            categories.append("digital_workforce")
        if key == "entrepreneur":
            categories.append("entrepreneur")
        if overseas:
            categories.append("overseas_vietnamese")
        if foreign:
            categories.append("foreign_expert")
        young_doctor = vqf >= 8 and age < 40
        if young_doctor or (key == "student" and rng.random() < 0.4) or rng.random() < 0.004:
            categories.append("talent")
        return categories


def _today() -> datetime.date:
    try:
        from django.utils import timezone

        return timezone.localdate()
    except Exception:  # outside a configured Django project
        return datetime.date.today()


# `hientai gen-people --seed S` and the messy lists draw from seeds far from the demo's
# and personal-ID slots other than the demo's, so their people are never the demo's.
FILE_SEED_BASE = 1_000_000_000


def file_seed(seed: int) -> tuple[int, int]:
    """(generator seed, personal-ID slot) of a file's --seed: different seeds give
    different people; IDs are unique across seeds that differ modulo 99 and never the
    demo's."""
    slots = [slot for slot in range(100) if slot != DEFAULT_SEED % 100]
    return FILE_SEED_BASE + seed, slots[seed % len(slots)]


def generate_people(
    n: int,
    seed: int = DEFAULT_SEED,
    units: list[str] | None = None,
    *,
    today: datetime.date | None = None,
    id_slot: int | None = None,
) -> Iterator[PersonRecord]:
    """Stream `n` synthetic people; the same seed, units and `today` give the same records.

    `units` limits the managing units to those codes (default: the current units of the
    tree, weighted by kind of person); `today` anchors every date (default: today in the
    city's time zone).
    """
    generator = _Generator(seed, units, today or _today(), id_slot)
    for index in range(n):
        yield generator.person(index)
