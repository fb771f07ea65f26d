"""The first method of the competence-and-contribution index (version 2026.1), in use."""

from django.db import migrations

DEFAULT = {
    "normalisation": "minmax",
    "aggregation": "linear",
    "pillars": {
        "competence": {
            "weight": 0.5,
            "indicators": {"qualification": 0.35, "titles": 0.2, "languages": 0.15,
                           "skills": 0.1, "training": 0.2},
        },
        "contribution": {
            "weight": 0.5,
            "indicators": {"applied_tasks": 0.3, "patents": 0.2, "publications": 0.3,
                           "awards": 0.2},
        },
    },
}  # fmt: skip


def load(apps, schema_editor) -> None:
    apps.get_model("talent", "IndexConfig").objects.using(
        schema_editor.connection.alias
    ).get_or_create(
        version="2026.1",
        defaults={
            "name": "Chỉ số năng lực và đóng góp",
            "config": DEFAULT,
            "active": True,
            "note": "Trọng số bằng nhau giữa hai trụ cột; chuẩn hóa min-max; cộng tuyến tính.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("talent", "0004_competence_index_methods")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
