# Separate from 0015: PostgreSQL refuses to alter a table in the transaction that has just updated its rows.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('directives', '0015_extension_request_period'),
    ]

    operations = [
        migrations.AlterField(
            model_name='extensionrequest',
            name='period',
            field=models.ForeignKey(editable=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='directives.reportingperiod', verbose_name='period'),
        ),
    ]
