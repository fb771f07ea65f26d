"""Two counts kept from the register of organisations (indicators/organisations.py)."""

from django.db import migrations

INDICATORS = [
    {
        "code": "ORG_ST_ENTERPRISES",
        "name_vi": "Số doanh nghiệp khoa học và công nghệ",
        "name_en": "Number of S&T enterprises",
        "description": "Tính tự động từ danh mục tổ chức: số doanh nghiệp khoa học và công nghệ "
        "do đơn vị quản lý, ghi cho năm có thay đổi.",
        "position": 920,
    },
    {
        "code": "ORG_STARTUPS",
        "name_vi": "Số doanh nghiệp khởi nghiệp đổi mới sáng tạo",
        "name_en": "Number of innovative start-ups",
        "description": "Tính tự động từ danh mục tổ chức: số doanh nghiệp khởi nghiệp đổi mới "
        "sáng tạo do đơn vị quản lý, ghi cho năm có thay đổi.",
        "position": 921,
    },
]


def load(apps, schema_editor):
    alias = schema_editor.connection.alias
    Indicator = apps.get_model("indicators", "Indicator")
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


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_analytics_pending")]

    operations = [migrations.RunPython(load, unload)]
