"""Starter eligibility rules (data, edited afterwards by the coordinator on /opportunities/rules/).

Thresholds are PARAPHRASED from Decree 249/2025/NĐ-CP and Decree 263/2025/NĐ-CP as the
issue describes them, not quoted: the source note of each rule says so, and the coordinator
must check every threshold against the official text before relying on it."""

from django.db import migrations

VERIFY = (
    " Diễn giải (không trích nguyên văn); điều phối viên phải đối chiếu ngưỡng với văn bản "
    "chính thức trước khi sử dụng."
)
D249 = "Nghị định 249/2025/NĐ-CP (chính sách nhân tài khoa học, công nghệ, đổi mới sáng tạo)."
D263 = "Nghị định 263/2025/NĐ-CP."
HT = "Quy tắc nội bộ hientai (không phải quy định pháp luật)."

RULES = [
    (
        "age-under-45",
        "Dưới 45 tuổi",
        "age",
        "lt",
        "45",
        "Dưới 45 tuổi tại thời điểm xét",
        D249 + VERIFY,
    ),
    (
        "degree-master",
        "Trình độ thạc sĩ trở lên",
        "degree",
        "gte",
        "7",
        "Có bằng thạc sĩ trở lên",
        D249 + VERIFY,
    ),
    (
        "degree-doctorate",
        "Trình độ tiến sĩ",
        "degree",
        "gte",
        "8",
        "Có bằng tiến sĩ",
        D249 + VERIFY,
    ),
    (
        "service-3-years",
        "Ít nhất 3 năm công tác",
        "service_years",
        "gte",
        "3",
        "Có ít nhất 3 năm công tác trong khu vực công",
        D263 + VERIFY,
    ),
    (
        "language-b2",
        "Ngoại ngữ bậc 4 (B2) trở lên",
        "language",
        "gte",
        "4",
        "Ngoại ngữ đạt bậc 4 (B2) trở lên",
        D263 + VERIFY,
    ),
    (
        "public-official",
        "Là cán bộ, công chức, viên chức",
        "public_official",
        "true",
        "",
        "Là cán bộ, công chức, viên chức",
        D263 + VERIFY,
    ),
    (
        "no-discipline",
        "Không đang bị kỷ luật",
        "disciplined",
        "false",
        "",
        "Không trong thời gian bị xem xét hoặc thi hành kỷ luật (hệ thống chưa lưu: đơn vị xác nhận)",
        D263 + VERIFY,
    ),
    (
        "field-match",
        "Chuyên môn phù hợp",
        "field_match",
        "true",
        "",
        "Chuyên môn phù hợp lĩnh vực của chương trình",
        D249 + VERIFY,
    ),
    (
        "active-status",
        "Đang công tác",
        "status",
        "eq",
        "active",
        "Đang công tác (không nghỉ hưu, không chuyển khỏi thành phố)",
        HT,
    ),
]


def load(apps, schema_editor):
    rule = apps.get_model("opportunities", "EligibilityRule")
    alias = schema_editor.connection.alias
    for key, name, fact, operator, value, message, note in RULES:
        rule.objects.using(alias).get_or_create(
            key=key,
            defaults={
                "name": name,
                "fact": fact,
                "operator": operator,
                "value": value,
                "message": message,
                "source_note": note,
            },
        )


def unload(apps, schema_editor):
    rule = apps.get_model("opportunities", "EligibilityRule")
    rule.objects.using(schema_editor.connection.alias).filter(
        key__in=[row[0] for row in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
