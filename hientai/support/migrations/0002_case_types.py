"""The usual kinds of support and their steps (data: the admin of the database may change
them), and the on-time-rate indicator the steps feed."""

from django.db import migrations

DOST = "Sở Khoa học và Công nghệ"
IMMIGRATION = "Phòng Quản lý xuất nhập cảnh – Công an tỉnh"
RECEIVE = ("Tiếp nhận hồ sơ", DOST, 1)
CHECK = ("Kiểm tra, hoàn thiện giấy tờ", DOST, 2)
HAND_OVER = ("Bàn giao kết quả cho chuyên gia", DOST, 1)

TYPES = [
    (
        "visa",
        "Cấp, gia hạn thị thực",
        "Visa issue or extension",
        [
            RECEIVE,
            CHECK,
            ("Gửi hồ sơ đến Phòng Quản lý xuất nhập cảnh – Công an tỉnh", DOST, 1),
            ("Nhận kết quả thị thực", IMMIGRATION, 5),
            HAND_OVER,
        ],
    ),
    (
        "residence_card",
        "Cấp thẻ tạm trú",
        "Temporary residence card",
        [
            RECEIVE,
            CHECK,
            ("Gửi hồ sơ đến Phòng Quản lý xuất nhập cảnh – Công an tỉnh", DOST, 1),
            ("Nhận thẻ tạm trú", IMMIGRATION, 5),
            HAND_OVER,
        ],
    ),
    (
        "work_permit_exemption",
        "Xác nhận không thuộc diện cấp giấy phép lao động",
        "Work-permit exemption confirmation",
        [
            RECEIVE,
            CHECK,
            ("Gửi hồ sơ đến Sở Nội vụ", DOST, 1),
            ("Nhận văn bản xác nhận", "Sở Nội vụ", 5),
            HAND_OVER,
        ],
    ),
    (
        "legalisation",
        "Hợp pháp hóa lãnh sự, chứng nhận lãnh sự",
        "Consular legalisation",
        [
            RECEIVE,
            CHECK,
            ("Gửi hồ sơ đến cơ quan lãnh sự", DOST, 1),
            ("Nhận kết quả hợp pháp hóa lãnh sự", "Cục Lãnh sự – Bộ Ngoại giao / Sở Ngoại vụ", 5),
            HAND_OVER,
        ],
    ),
    (
        "other",
        "Hỗ trợ khác",
        "Other support",
        [
            RECEIVE,
            ("Xử lý, phối hợp với cơ quan liên quan", DOST, 5),
            ("Trả lời chuyên gia", DOST, 1),
        ],
    ),
]

INDICATOR = {
    "code": "SUP_ONTIME",
    "name_vi": "Tỷ lệ bước hỗ trợ chuyên gia nước ngoài, người Việt Nam ở nước ngoài hoàn thành đúng hạn",
    "name_en": "Share of support steps for foreign and overseas experts finished on time",
    "unit": "percent",
    "direction": "up",
    "kind": "reported",
    "aggregation": "ratio_of_sums",
    "group": "science",
    "description": "Tính tự động từ hồ sơ hỗ trợ: số bước xong trong thời hạn / số bước đã xong trong năm, theo đơn vị chủ trì hồ sơ.",
    "position": 900,
}


def load(apps, schema_editor):
    alias = schema_editor.connection.alias
    CaseType = apps.get_model("support", "CaseType")
    StepTemplate = apps.get_model("support", "StepTemplate")
    Indicator = apps.get_model("indicators", "Indicator")
    for position, (code, name_vi, name_en, steps) in enumerate(TYPES, start=1):
        case_type, _created = CaseType.objects.using(alias).update_or_create(
            code=code, defaults={"name_vi": name_vi, "name_en": name_en, "position": position}
        )
        for order, (name, lead, days) in enumerate(steps, start=1):
            StepTemplate.objects.using(alias).update_or_create(
                case_type=case_type,
                position=order,
                defaults={"name": name, "lead_unit": lead, "sla_days": days, "working_days": True},
            )
    fields = dict(INDICATOR)
    Indicator.objects.using(alias).update_or_create(code=fields.pop("code"), defaults=fields)


def unload(apps, schema_editor):
    alias = schema_editor.connection.alias
    apps.get_model("indicators", "Indicator").objects.using(alias).filter(
        code=INDICATOR["code"]
    ).delete()
    apps.get_model("support", "CaseType").objects.using(alias).filter(
        code__in=[item[0] for item in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("support", "0001_initial"),
        ("indicators", "0004_analytics_pending"),
    ]

    operations = [migrations.RunPython(load, unload)]
