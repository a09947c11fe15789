"""Applications typed with a known address wait, unconfirmed, for its owner; forms not confirmed in time lapse."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('wagtail_skilldonation', '0020_information_page'),
    ]

    operations = [
        migrations.AlterField(
            model_name='application',
            name='status',
            field=models.CharField(choices=[('unconfirmed', "Waiting for the address's confirmation"), ('submitted', 'Submitted'), ('accepted', 'Accepted'), ('waiting_list', 'Waiting list'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn'), ('completed', 'Completed')], db_index=True, default='submitted', max_length=15, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='from_status',
            field=models.CharField(blank=True, choices=[('unconfirmed', "Waiting for the address's confirmation"), ('submitted', 'Submitted'), ('accepted', 'Accepted'), ('waiting_list', 'Waiting list'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn'), ('completed', 'Completed')], max_length=15, verbose_name='from'),
        ),
        migrations.AlterField(
            model_name='applicationevent',
            name='to_status',
            field=models.CharField(choices=[('unconfirmed', "Waiting for the address's confirmation"), ('submitted', 'Submitted'), ('accepted', 'Accepted'), ('waiting_list', 'Waiting list'), ('declined', 'Declined'), ('withdrawn', 'Withdrawn'), ('completed', 'Completed')], max_length=15, verbose_name='to'),
        ),
        migrations.AlterField(
            model_name='submission',
            name='state',
            field=models.CharField(choices=[('applied', 'Applied'), ('awaiting', 'Awaiting confirmation by e-mail'), ('confirmed', 'Confirmed by e-mail and applied'), ('superseded', 'Replaced by a later form before confirmation'), ('lapsed', 'Not confirmed in time (kept as typed)'), ('spam', 'Suspected spam')], db_index=True, default='applied', max_length=10, verbose_name='state'),
        ),
    ]
