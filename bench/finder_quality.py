"""Expert finder quality: ~30 questions with expected experts over demo-like data.

The expected experts are judged from the registry directly (structured codes, majors,
keywords and titles as the demo wrote them, with substrings chosen by hand for each
question), never through the finder's index or vocabulary:
grade 2 = the expertise is declared (strategic technology, major or keyword), grade 1 =
it only shows in a task or output title; a question's filters (place, degree, age,
gender, nationality) are hard: a person who fails them is not relevant.

Reports per question and on average: precision at 10 (relevant in the top 10, divided
by 10, or by the number of relevant people when fewer exist) and nDCG at 10.

    HIENTAI_VAR_DIR=/tmp/demo .venv/bin/hientai demo --people 20000
    HIENTAI_VAR_DIR=/tmp/demo .venv/bin/python bench/finder_quality.py [--append bench/RESULTS.md]
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ON = datetime.date(2026, 12, 7)
AI = ("trí tuệ nhân tạo", "học máy", "học sâu", "xử lý ngôn ngữ tự nhiên", "mô hình ngôn ngữ lớn",
      "AI ")  # fmt: skip
AI_TECH = (
    "digital.sector_ai",
    "digital.llm",
    "digital.virtual_assistant",
    "digital.edge_ai_camera",
)
CHIP = ("vi mạch", "bán dẫn")
ELECTRONICS_MAJORS = ("Kỹ thuật điện tử – viễn thông", "Kỹ thuật điện",
                      "Kỹ thuật điều khiển và tự động hóa", "Thiết kế vi mạch")  # fmt: skip
MECH_MAJORS = ("Kỹ thuật cơ khí", "Cơ điện tử", "Kỹ thuật ô tô", "Kỹ thuật nhiệt")


@dataclass
class Q:
    text: str
    keywords: tuple[str, ...] = ()  # substrings of keywords or majors: grade 2
    titles: tuple[str, ...] = ()  # substrings of task/output titles: grade 1
    techs: tuple[str, ...] = ()  # strategic technology codes: grade 2
    majors: tuple[str, ...] = ()  # exact majors: grade 2
    filters: dict = field(default_factory=dict)


QUESTIONS = [
    Q("chuyên gia bán dẫn ở nước ngoài có bằng tiến sĩ", CHIP, CHIP, ("semiconductor",),
      filters={"abroad": True, "min_vqf": 8}),
    Q("chuyen gia ban dan o nuoc ngoai co bang tien si", CHIP, CHIP, ("semiconductor",),
      filters={"abroad": True, "min_vqf": 8}),
    Q("overseas semiconductor experts with a PhD", CHIP, CHIP, ("semiconductor",),
      filters={"abroad": True, "min_vqf": 8}),
    Q("AI experts in Japan", AI, AI, AI_TECH, filters={"country": "JP"}),
    Q("người làm công nghệ sinh học dưới 40 tuổi", ("công nghệ sinh học",), ("vi sinh", "DNA"),
      ("biotechnology",), filters={"max_age": 39}),
    Q("machine learning", AI, AI, AI_TECH),
    Q("trí tuệ nhân tạo", AI, AI, AI_TECH),
    Q("biotechnology", ("công nghệ sinh học",), ("vi sinh", "DNA"), ("biotechnology",)),
    Q("chuyên gia an toàn thông tin", ("an toàn thông tin",), ("xâm nhập mạng",)),
    Q("cybersecurity experts", ("an toàn thông tin",), ("xâm nhập mạng",)),
    Q("blockchain", ("chuỗi khối",)),
    Q("Internet of Things", ("Internet vạn vật",), ("IoT",)),
    Q("renewable energy", ("năng lượng tái tạo",), ("điện mặt trời",)),
    Q("lưới điện thông minh", ("lưới điện thông minh",), ("lưới điện thông minh",)),
    Q("robot công nghiệp", ("robot công nghiệp",), ("robot",)),
    Q("vật liệu nano", ("vật liệu nano",), ("vật liệu nano",)),
    Q("quantum technology", ("công nghệ lượng tử",), ("lượng tử",), ("quantum",)),
    Q("xử lý nước thải", ("xử lý nước thải",), ("nước thải",)),
    Q("climate change experts", ("biến đổi khí hậu",), ("khí nhà kính",)),
    Q("food safety", ("an toàn thực phẩm",)),
    Q("bảo quản sau thu hoạch sầu riêng", ("bảo quản sau thu hoạch", "sầu riêng"),
      ("sầu riêng",)),
    Q("dịch tả lợn châu Phi", ("dịch tả lợn châu Phi",), ("dịch tả lợn châu Phi",)),
    Q("dược liệu", ("dược liệu",), ("dược liệu",)),
    Q("logistics experts", ("logistics", "Logistics"), ("logistics",)),
    Q("giáo dục STEM", ("giáo dục STEM",), ("STEM",)),
    Q("cải cách hành chính", ("cải cách hành chính", "cải cách thủ tục hành chính"),
      ("cải cách thủ tục hành chính",)),
    Q("data science PhD", ("khoa học dữ liệu", "Khoa học dữ liệu", "dữ liệu lớn"),
      filters={"min_vqf": 8}),
    Q("female AI researchers under 45", AI, AI, AI_TECH,
      filters={"gender": "female", "max_age": 44}),
    Q("chẩn đoán hình ảnh", ("chẩn đoán hình ảnh",), ("X-quang",)),
    Q("electronics experts in the United States", ("vi mạch", "hệ thống nhúng", "tự động hóa"),
      majors=ELECTRONICS_MAJORS, filters={"country": "US"}),
    Q("chuyên gia người Hàn Quốc về cơ khí", ("cơ điện tử", "robot công nghiệp", "gia công CNC"),
      majors=MECH_MAJORS, filters={"nationality": "KR"}),
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--append", help="append a Markdown entry to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hientai.settings")
    import django

    django.setup()
    from hientai.registry.models import Person
    from hientai.talent.engine import SYSTEM, find_experts
    from hientai.talent.indexer import expertise_texts
    from hientai.talent.models import ExpertDoc

    ids = list(ExpertDoc.objects.values_list("person_id", flat=True))
    profiles = {}
    for start in range(0, len(ids), 5000):
        profiles.update(expertise_texts(ids[start : start + 5000]))
    techs: dict[int, set[str]] = {}
    through = Person.strategic_technologies.through
    for pid, code in through.objects.values_list("person_id", "code__code"):
        techs.setdefault(pid, set()).add(code)

    def grade(question: Q, pid: int) -> int:
        item = profiles[pid]
        f = question.filters
        if f.get("abroad") and not item.abroad:
            return 0
        if f.get("min_vqf") and item.vqf < f["min_vqf"]:
            return 0
        if f.get("country") and f["country"] not in item.countries:
            return 0
        if f.get("nationality") and "n" + f["nationality"] not in item.countries:
            return 0
        if f.get("gender") and item.gender != f["gender"]:
            return 0
        if f.get("max_age") is not None:
            if item.birth_key is None:
                return 0
            born = item.birth_key
            limit = (ON.year - f["max_age"] - 1) * 10000 + ON.month * 100 + ON.day
            if born <= limit:
                return 0
        declared = " ; ".join(item.texts["keywords"] + item.texts["majors"])
        if any(k in declared for k in question.keywords):
            return 2
        if techs.get(pid, set()) & set(question.techs):
            return 2
        if set(item.texts["majors"]) & set(question.majors):
            return 2
        titles = " ; ".join(item.texts["projects"] + item.texts["outputs"])
        if any(t in titles for t in question.titles):
            return 1
        return 0

    lines = [f"profiles indexed {len(ids):,}; questions {len(QUESTIONS)}"]
    p_sum = n_sum = 0.0
    for question in QUESTIONS:
        grades = {pid: grade(question, pid) for pid in profiles}
        relevant = sorted((g for g in grades.values() if g), reverse=True)
        hits = find_experts(SYSTEM, question.text, limit=10, on=ON).hits
        got = [grades.get(hit.person_id, 0) for hit in hits]
        if not relevant:
            lines.append(f"{question.text!r}: no relevant profile in the data (skipped)")
            continue
        precision = sum(1 for g in got if g) / min(10, len(relevant))
        dcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(got))
        ideal = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(relevant[:10]))
        ndcg = dcg / ideal if ideal else 0.0
        p_sum += precision
        n_sum += ndcg
        lines.append(
            f"P@10 {precision:4.2f}  nDCG@10 {ndcg:4.2f}  relevant {len(relevant):5d}  "
            f"{question.text}"
        )
    count = len(QUESTIONS)
    lines.append(f"mean P@10 {p_sum / count:.3f}  mean nDCG@10 {n_sum / count:.3f}")
    print("\n".join(lines))
    if args.append:
        command = "python bench/finder_quality.py " + shlex.join(sys.argv[1:])
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        with open(args.append, "a", encoding="utf-8") as handle:
            handle.write(f"\n## bench/finder_quality — {stamp}\n\n`{command}`\n\n```\n")
            handle.write("\n".join(lines) + "\n```\n")


if __name__ == "__main__":
    main()
