"""The role groups, and council staff's permissions, set up once (afterwards the group is the council's to keep)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def install(apps, schema_editor):
    from accounts.roles import STAFF_PERMISSIONS, roles_install

    # Permissions are normally made after every migration has run; the staff group needs them now.
    for app_label in STAFF_PERMISSIONS:
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
    roles_install(group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission"))


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
