"""A certificate batch keeps what could not be issued, for its page to say."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_skilldonation', '0021_unconfirmed_applications'),
    ]

    operations = [
        migrations.AddField(
            model_name='certificatebatch',
            name='failures',
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
