from django.db import migrations
from django.utils.text import slugify


def load(apps, schema_editor):
    from opportunities import reference_data as data

    for model_name, names in (("Ward", data.WARDS), ("Sector", data.SECTORS), ("PriorityGroup", data.PRIORITY_GROUPS)):
        model = apps.get_model("opportunities", model_name)
        for name in names:
            model.objects.get_or_create(slug=slugify(name), defaults={"name": name})
    Programme = apps.get_model("opportunities", "Programme")
    for name, summary in data.PROGRAMMES:
        Programme.objects.get_or_create(slug=slugify(name), defaults={"name": name, "summary": summary})


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
