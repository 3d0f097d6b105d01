from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("saleor_stepmail", "0022_dormant_days_by_category"),
    ]

    operations = [
        migrations.AddField(
            model_name="inboundevent",
            name="facts",
            field=models.JSONField(blank=True, default=dict),
        ),
    ]
