"""Version 2026.2 of the index method, in use: the two contribution sub-indicators the
registry can now supply (policy consultancy, mentoring) join the practical-contribution
pillar. 2026.1 is kept unchanged (versions are never edited)."""

from django.db import migrations

METHOD = {
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
            "indicators": {"applied_tasks": 0.25, "patents": 0.15, "publications": 0.25,
                           "awards": 0.15, "policy_consultancy": 0.1, "mentoring": 0.1},
        },
    },
}  # fmt: skip


def load(apps, schema_editor) -> None:
    configs = apps.get_model("talent", "IndexConfig").objects.using(schema_editor.connection.alias)
    if configs.filter(version="2026.2").exists():
        return
    configs.update(active=False)
    configs.create(
        version="2026.2",
        name="Chỉ số năng lực và đóng góp",
        config=METHOD,
        active=True,
        note="Thêm tư vấn chính sách và hướng dẫn, kèm cặp vào trụ cột đóng góp thực tiễn.",
    )


class Migration(migrations.Migration):
    dependencies = [("talent", "0009_index_runs")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
