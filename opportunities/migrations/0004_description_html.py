from django.db import migrations, models

BATCH_SIZE = 500


def fill_description_html(apps, schema_editor):
    """Render and store the description of every listing saved before listings kept their HTML."""
    from govuk.markdown import render_govuk_markdown

    Opportunity = apps.get_model("opportunities", "Opportunity")
    rows = Opportunity.objects.filter(description_html="").exclude(description="").only("id", "description")
    batch = []
    for row in rows.order_by("pk").iterator(chunk_size=BATCH_SIZE):
        row.description_html = render_govuk_markdown(row.description)
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            Opportunity.objects.bulk_update(batch, ["description_html"], batch_size=BATCH_SIZE)
            batch = []
    Opportunity.objects.bulk_update(batch, ["description_html"], batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [
        ("opportunities", "0003_catalogue_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="opportunity",
            name="description_html",
            field=models.TextField(
                blank=True, editable=False, help_text="The description as sanitised GOV.UK HTML, rendered on save."
            ),
        ),
        migrations.RunPython(fill_description_html, migrations.RunPython.noop),
    ]
