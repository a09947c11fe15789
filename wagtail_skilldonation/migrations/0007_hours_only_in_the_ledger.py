"""Hours exist only as ledger lines now (0006 turned the old totals into lines)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [("wagtail_skilldonation", "0006_records_from_history")]

    operations = [
        migrations.RemoveField(model_name="application", name="hours_done"),
    ]
