import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def body_compressed_with_lz4(apps, schema_editor):
    """Bodies of a few kilobytes are compressed as they are written: lz4 where PostgreSQL has it (pglz took a
    noticeable share of writing a digest's messages). Rows already written keep theirs."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)")
        if cursor.fetchone():
            cursor.execute("ALTER TABLE notifications_notification ALTER COLUMN body SET COMPRESSION lz4")


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="key",
            field=models.CharField(max_length=200, verbose_name="idempotency key"),
        ),
        migrations.AlterField(
            model_name="notification",
            name="recipient",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="notifications",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(fields=("key",), name="notification_key_once"),
        ),
        migrations.RunPython(body_compressed_with_lz4, migrations.RunPython.noop),
    ]
