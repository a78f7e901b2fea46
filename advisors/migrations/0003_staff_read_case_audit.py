"""Council staff may read who read and changed case notes (the audit log), as accounts.roles.STAFF_PERMISSIONS
now says. A snapshot: it gives the permission once, to the group as it stands."""

from django.db import migrations


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    staff = Group.objects.filter(name="Council staff").first()
    if staff is None:  # the council deleted the group; the roles check tells them
        return
    content_type, _ = ContentType.objects.get_or_create(app_label="advisors", model="caseauditentry")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="view_caseauditentry", defaults={"name": "Can view case audit entry"}
    )
    staff.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("advisors", "0002_caseload"),
        ("accounts", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
