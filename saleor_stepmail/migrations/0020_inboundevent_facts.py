from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_stepmail", "0019_retention_keeps_read_history"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundevent",
            name="facts",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
