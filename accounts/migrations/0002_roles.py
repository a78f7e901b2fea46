"""The role groups, and council staff's permissions, set up once (afterwards the group is the council's to keep).

A snapshot, as a migration must be: a later change to what staff may do is a migration of its own. The
permissions are made here with the historical models, as Django would make them after migrating.
"""

from django.db import migrations

ROLES = ["Residents", "Partners", "Advisors", "Council staff"]
STAFF_PERMISSIONS = {
    "accounts": ["view_user", "view_signinthrottle", "delete_signinthrottle"],
    "opportunities": [
        "view_opportunity",
        "change_opportunity",
        "moderate_opportunity",
        "view_statuschange",
        "add_programme",
        "change_programme",
        "view_programme",
        "add_sector",
        "change_sector",
        "view_sector",
        "view_ward",
        "add_prioritygroup",
        "change_prioritygroup",
        "view_prioritygroup",
    ],
    "notifications": ["view_notification", "change_notification", "view_preference"],
    "organisations": [
        "add_organisation",
        "change_organisation",
        "view_organisation",
        "add_membership",
        "change_membership",
        "delete_membership",
        "view_membership",
    ],
}
MODEL_OF = {"moderate_opportunity": "opportunity"}


def install(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name in ROLES:
        Group.objects.get_or_create(name=name)
    staff = Group.objects.get(name="Council staff")
    for app_label, codenames in STAFF_PERMISSIONS.items():
        for codename in codenames:
            action, model_name = codename.split("_", 1)
            model_name = MODEL_OF.get(codename, model_name)
            model = apps.get_model(app_label, model_name)
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
            name = dict(model._meta.permissions).get(codename) or f"Can {action} {model._meta.verbose_name_raw}"
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=codename, defaults={"name": name}
            )
            staff.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("notifications", "0001_initial"),
        ("opportunities", "0001_initial"),
        ("organisations", "0001_initial"),
    ]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
