"""bench/dedup's generator: people written the way officers write them, with duplicates.

Each person gets one record, and some get more (a second unit's list, a re-typed
form). Every record is written with the noise real lists carry: lost diacritics,
upper case, typos, reversed name orders ("Hung Nguyen Van"), Huỳnh/Hoàng and Vũ/Võ,
a missing middle name, dates as dd/mm/yyyy, yyyy-mm-dd, d-m-yy or only the year,
missing or old 9-digit IDs and IDs whose leading zero a spreadsheet dropped, phones
as +84 / 84 / 0 with spaces or dots, e-mails in upper case or changed. Different
people with the same common name and close birth dates are made on purpose.

`generate(n, seed)` returns [(record_id, raw dict, true person id)].
"""

from __future__ import annotations

import contextlib
import datetime
import itertools
import random
import unicodedata

FAMILY = [
    ("Nguyễn", 38.4), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.1), ("Hoàng", 2.6),
    ("Huỳnh", 2.5), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.9),
    ("Trương", 0.9), ("Lâm", 0.6), ("Mai", 0.6), ("Đào", 0.6), ("Cao", 0.5), ("Hà", 0.5),
    ("Lương", 0.4), ("Tô", 0.3), ("Chu", 0.3), ("Tạ", 0.3), ("Châu", 0.3), ("Thái", 0.3),
    ("Quách", 0.2), ("Vương", 0.2), ("La", 0.2), ("Kiều", 0.2), ("Lưu", 0.2), ("Triệu", 0.2),
]  # fmt: skip
MIDDLE = {
    "male": ["Văn"] * 12
    + ["Đức", "Minh", "Quang", "Hữu", "Thanh", "Ngọc", "Công", "Xuân", "Đình", "Quốc"]
    + ["Hoàng", "Anh", "Tuấn", "Trọng", "Bá", "Thế", "Gia", "Văn Minh", "Đức Anh"],
    "female": ["Thị"] * 14
    + ["Ngọc", "Thu", "Thanh", "Mỹ", "Kim", "Bích", "Hồng", "Minh", "Thùy", "Phương"]
    + ["Diệu", "Bảo", "Khánh", "Ánh", "Hoài", "Thị Thu", "Thị Ngọc"],
}
GIVEN = {
    "male": [
        "Hùng", "Dũng", "Tuấn", "Anh", "Minh", "Nam", "Long", "Hải", "Sơn", "Thắng",
        "Phong", "Khoa", "Quân", "Huy", "Đức", "Trung", "Vinh", "Tài", "Lộc", "Phúc",
        "Bảo", "Khang", "Tâm", "Thịnh", "Hiếu", "Nghĩa", "Cường", "Bình", "Hoàng", "Kiên",
        "Đạt", "Duy", "Hưng", "Khánh", "Phát", "Thành", "Toàn", "Vũ", "Việt", "Quang",
        "Hậu", "Lâm", "Nhân", "Thiện", "Tú", "Vương", "Hiển", "Hòa", "Thái", "Trí",
    ],
    "female": [
        "Lan", "Hương", "Mai", "Linh", "Trang", "Hà", "Anh", "Thảo", "Ngọc", "Phương",
        "Hạnh", "Hoa", "Thu", "Yến", "Nhung", "Vân", "Trinh", "Uyên", "Vy", "Nhi",
        "Hằng", "Giang", "Thủy", "Loan", "Quỳnh", "Dung", "Chi", "Tâm", "Hiền", "Oanh",
        "Nga", "Hồng", "My", "Trâm", "Diệp", "Liên", "Huyền", "Thư", "Tuyết", "Xuân",
        "Ly", "Nguyệt", "Thanh", "Trúc", "Ngân", "Duyên", "Hậu", "Thơ", "Kiều", "Lệ",
    ],
}  # fmt: skip
PROVINCES = ["075", "079", "001", "048", "052", "074", "072", "080", "086", "038", "040"]
UNITS = [f"Phường {n}" for n in range(1, 41)] + [f"Xã {n}" for n in range(1, 41)]
SWAPS = {"Huỳnh": "Hoàng", "Hoàng": "Huỳnh", "Vũ": "Võ", "Võ": "Vũ"}
MAIL_DOMAINS = ["gmail.com", "yahoo.com", "dongnai.gov.vn", "outlook.com"]


def strip_accents(text: str) -> str:
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def zipf_cum(items: list, exponent: float = 0.6) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(len(items))))


class _Person:
    __slots__ = (
        "birth",
        "email",
        "family",
        "gender",
        "given",
        "middle",
        "old9",
        "phone",
        "pid",
        "pid12",
        "unit",
    )  # fmt: skip


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 3:
        return word
    i = rng.randrange(1, len(word))
    kind = rng.random()
    if kind < 0.35:
        return word[:i] + word[i + 1 :]
    if kind < 0.7 and i < len(word) - 1:
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + rng.choice("aeinoưhtgu") + word[i + 1 :]


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def _make_person(rng: random.Random, pid: int, cum: dict, used: set) -> _Person:
    p = _Person()
    p.pid = pid
    p.gender = "male" if rng.random() < 0.52 else "female"
    p.family = rng.choices(cum["family_names"], cum_weights=cum["family"])[0]
    p.middle = rng.choice(MIDDLE[p.gender])
    p.given = rng.choices(GIVEN[p.gender], cum_weights=cum["given"][p.gender])[0]
    year = min(2006, max(1950, int(rng.gauss(1982, 11))))
    p.birth = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
    _identifiers(rng, p, used)
    return p


def _identifiers(rng: random.Random, p: _Person, used: set) -> None:
    century = 0 if p.birth.year < 2000 else 2
    digit = century + (0 if p.gender == "male" else 1)
    while True:
        number = f"{rng.choice(PROVINCES)}{digit}{p.birth.year % 100:02d}{_digits(rng, 6)}"
        if number not in used:
            used.add(number)
            break
    p.pid12 = number
    p.old9 = ("0" if rng.random() < 0.3 else rng.choice("123")) + _digits(rng, 8)
    p.phone = rng.choice(["09", "03", "08", "07"]) + _digits(rng, 8) if rng.random() < 0.85 else ""
    if rng.random() < 0.6:
        local = strip_accents(p.given + p.family).lower() + _digits(rng, rng.choice([0, 2, 4]))
        p.email = f"{local}@{rng.choice(MAIL_DOMAINS)}"
        while p.email in used:  # an address belongs to one person
            p.email = f"{local}{_digits(rng, 3)}@{rng.choice(MAIL_DOMAINS)}"
        used.add(p.email)
    else:
        p.email = ""
    p.unit = rng.choice(UNITS)


def _namesake(rng: random.Random, pid: int, other: _Person, used: set) -> _Person:
    """A different person with the same name and a close birth date."""
    p = _Person()
    p.pid = pid
    p.gender, p.family, p.middle, p.given = other.gender, other.family, other.middle, other.given
    shift = rng.choice([0, 0, 1, -1, 3, 7, 30, 200, 365, -365])
    try:
        p.birth = other.birth + datetime.timedelta(days=shift)
    except OverflowError:
        p.birth = other.birth
    if shift == 0:  # same name, same birthday: only the IDs and contacts tell them apart
        p.birth = other.birth.replace(day=min(28, other.birth.day + rng.randint(1, 5)))
    _identifiers(rng, p, used)
    p.unit = other.unit if rng.random() < 0.5 else rng.choice(UNITS)
    return p


def _name_text(rng: random.Random, p: _Person, duplicate: bool) -> str:
    family, middle, given = p.family, p.middle, p.given
    if family in SWAPS and rng.random() < 0.4:
        family = SWAPS[family]
    if duplicate and middle and rng.random() < 0.06:
        middle = ""
    if duplicate and rng.random() < 0.06:
        which = rng.random()
        if which < 0.4:
            given = _typo(rng, given)
        elif which < 0.7:
            family = _typo(rng, family)
        elif middle:
            middle = _typo(rng, middle)
    order = rng.random()
    if order < 0.05:
        words = [given, family, middle]  # Hung Nguyen Van
    elif order < 0.08:
        words = [given, middle, family]  # Hung Van Nguyen
    else:
        words = [family, middle, given]
    text = " ".join(w for w in words if w)
    case = rng.random()
    if case < 0.3:
        text = strip_accents(text)
    if case > 0.92:
        text = text.upper()
    elif 0.88 < case <= 0.92:
        text = text.lower()
    return text


def _birth_text(rng: random.Random, birth: datetime.date, duplicate: bool) -> str:
    if duplicate and rng.random() < 0.02:  # a typo in the day
        with contextlib.suppress(ValueError):
            birth = birth.replace(day=birth.day + rng.choice([1, -1, 10]))
    roll = rng.random()
    if roll < 0.45:
        return birth.strftime("%d/%m/%Y")
    if roll < 0.6:
        return birth.isoformat()
    if roll < 0.66:
        return f"{birth.day}-{birth.month}-{birth.year % 100:02d}"
    if roll < 0.72:
        return birth.strftime("%d.%m.%Y")
    if roll < 0.88:
        return str(birth.year)
    if roll < 0.93:
        return f"{birth.day}/{birth.month}/{birth.year}"
    return ""


def _phone_text(rng: random.Random, phone: str) -> str:
    if not phone or rng.random() < 0.25:
        return ""
    rest = phone[1:]
    roll = rng.random()
    if roll < 0.4:
        return phone
    if roll < 0.55:
        return f"{phone[:4]} {phone[4:7]} {phone[7:]}"
    if roll < 0.7:
        return "+84" + rest
    if roll < 0.8:
        return f"84 {rest[:3]}.{rest[3:6]}.{rest[6:]}"
    if roll < 0.9:
        return f"(+84) {rest}"
    return rest  # the leading zero lost by a spreadsheet


def _record(rng: random.Random, p: _Person, duplicate: bool) -> dict[str, str]:
    raw: dict[str, str] = {"full_name": _name_text(rng, p, duplicate)}
    raw["birth_date"] = _birth_text(rng, p.birth, duplicate)
    g = rng.random()
    raw["gender"] = (
        ("Nam" if p.gender == "male" else "Nữ")
        if g < 0.7
        else ("Nam" if p.gender == "male" else "Nu")
        if g < 0.85
        else ""
    )
    roll = rng.random()
    personal = old = ""
    if roll < 0.55:
        personal = p.pid12
        if rng.random() < 0.1 and personal.startswith("0"):
            personal = personal[1:]
        if duplicate and rng.random() < 0.02:
            personal = personal[:-1] + str((int(personal[-1]) + 1) % 10)
    elif roll < 0.72:
        old = p.old9
    raw["personal_id"] = personal or old  # an old number in the ID column, as officers do
    raw["phone"] = _phone_text(rng, p.phone)
    email = p.email if rng.random() < 0.7 else ""
    if email and rng.random() < 0.2:
        email = email.upper() if rng.random() < 0.5 else " " + email.capitalize()
    raw["email"] = email
    raw["unit"] = p.unit if rng.random() < 0.7 else rng.choice(UNITS)
    return raw


def generate(n: int, seed: int = 1) -> list[tuple[int, dict[str, str], int]]:
    """About `n` records [(record id, raw, person id)] in a shuffled order."""
    rng = random.Random(seed)
    cum = {
        "family_names": [name for name, _ in FAMILY],
        "family": list(itertools.accumulate(w for _, w in FAMILY)),
        "given": {g: zipf_cum(names) for g, names in GIVEN.items()},
    }
    used: set[str] = set()
    records: list[tuple[dict[str, str], int]] = []
    pid = 0
    people: list[_Person] = []
    while len(records) < n:
        pid += 1
        if people and rng.random() < 0.06:
            person = _namesake(rng, pid, rng.choice(people[-1000:]), used)
        else:
            person = _make_person(rng, pid, cum, used)
        people.append(person)
        roll = rng.random()
        copies = 1 + (roll < 0.3) + (roll < 0.08) + (roll < 0.02)
        for copy in range(copies):
            records.append((_record(rng, person, duplicate=copy > 0), person.pid))
    records = records[:n]
    rng.shuffle(records)
    return [(i + 1, raw, truth) for i, (raw, truth) in enumerate(records)]


def pair_scores(truth: dict, predicted: dict) -> dict[str, float]:
    """Pairwise precision, recall and F1 of predicted clusters against true ones."""
    from collections import Counter

    def pairs(counts) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    true_pairs = pairs(Counter(truth.values()))
    predicted_pairs = pairs(Counter(predicted.values()))
    both = pairs(Counter((truth[k], predicted[k]) for k in truth))
    precision = both / predicted_pairs if predicted_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "true_pairs": true_pairs,
        "predicted_pairs": predicted_pairs,
    }
