# The partner's applications list (partners/applications_admin.py): every sent application to the member's
# listings, newest first. Covering, so the list's count and page are index-only scans per listing instead of
# reading every application's answers and statement (bench/applications.py: docs/benchmarks.md).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0004_application_applicationevent_savedopportunity_and_more"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                fields=["opportunity", "-submitted_at", "-id"],
                include=["status", "route", "resident"],
                name="application_for_partners",
            ),
        ),
    ]
