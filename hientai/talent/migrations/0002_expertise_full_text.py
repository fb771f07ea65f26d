from django.db import migrations

from hientai.talent import ddl


class Migration(migrations.Migration):
    dependencies = [("talent", "0001_expert_index_organisations_shortlists")]

    operations = [migrations.RunPython(ddl.forward, ddl.backward)]
