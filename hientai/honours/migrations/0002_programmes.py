"""The usual programmes (data; more are added the same way) and the indicators that count
entries and awards per unit and year."""

from django.db import migrations

PROGRAMMES = [
    (
        "state_honours",
        "Khen thưởng cấp Nhà nước (Huân chương, Huy chương, danh hiệu vinh dự)",
        "State honours (orders, medals, honorary titles)",
        "state_honour",
        "Chủ tịch nước, Thủ tướng Chính phủ (đề nghị qua Ủy ban nhân dân tỉnh)",
    ),
    (
        "st_award",
        "Giải thưởng khoa học và công nghệ",
        "Science and technology award",
        "st_award",
        "Ủy ban nhân dân tỉnh Đồng Nai",
    ),
    (
        "creativity_contest",
        "Hội thi Sáng tạo kỹ thuật tỉnh Đồng Nai",
        "Đồng Nai technical creativity contest",
        "creativity_contest",
        "Ban Tổ chức Hội thi (Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh)",
    ),
    (
        "startup_contest",
        "Cuộc thi Khởi nghiệp đổi mới sáng tạo tỉnh Đồng Nai",
        "Đồng Nai innovation start-up contest",
        "startup_contest",
        "Sở Khoa học và Công nghệ",
    ),
]

INDICATORS = [
    {
        "code": "HON_AWARDS",
        "name_vi": "Số giải thưởng, khen thưởng khoa học, công nghệ và đổi mới sáng tạo",
        "name_en": "Number of S&T and innovation awards and honours",
        "description": "Tính tự động từ các cuộc thi, giải thưởng: số bài dự thi đạt giải, theo đơn vị quản lý và năm của đợt.",
        "position": 910,
    },
    {
        "code": "HON_ENTRIES",
        "name_vi": "Số hồ sơ tham gia giải thưởng, cuộc thi khoa học, công nghệ và đổi mới sáng tạo",
        "name_en": "Number of entries in S&T and innovation awards and contests",
        "description": "Tính tự động từ các cuộc thi, giải thưởng: số bài dự thi, hồ sơ đề nghị, theo đơn vị quản lý và năm của đợt.",
        "position": 911,
    },
]


def load(apps, schema_editor):
    alias = schema_editor.connection.alias
    Programme = apps.get_model("honours", "Programme")
    Indicator = apps.get_model("indicators", "Indicator")
    for position, (code, name_vi, name_en, kind, organiser) in enumerate(PROGRAMMES, start=1):
        Programme.objects.using(alias).update_or_create(
            code=code,
            defaults={
                "name_vi": name_vi,
                "name_en": name_en,
                "kind": kind,
                "organiser": organiser,
                "position": position,
            },
        )
    for item in INDICATORS:
        fields = dict(item)
        code = fields.pop("code")
        fields.update(
            unit="count", direction="up", kind="reported", aggregation="sum", group="science"
        )
        Indicator.objects.using(alias).update_or_create(code=code, defaults=fields)


def unload(apps, schema_editor):
    alias = schema_editor.connection.alias
    apps.get_model("indicators", "Indicator").objects.using(alias).filter(
        code__in=[item["code"] for item in INDICATORS]
    ).delete()
    apps.get_model("honours", "Programme").objects.using(alias).filter(
        code__in=[item[0] for item in PROGRAMMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("honours", "0001_initial"),
        ("indicators", "0004_analytics_pending"),
    ]

    operations = [migrations.RunPython(load, unload)]
