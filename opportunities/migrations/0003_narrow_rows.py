from django.db import migrations


def keep_rows_narrow(apps, schema_editor):
    """PostgreSQL only: keep long descriptions out of the table's rows, and the search vector in them.

    Search, filters and facet counts read many rows; with a 1-3 KB description stored inline, each row is
    several times wider than what those reads need. EXTERNAL moves descriptions to the TOAST table once a
    row passes 256 bytes; MAIN keeps the search vector inline, where ranking reads it.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE opportunities_opportunity ALTER COLUMN description SET STORAGE EXTERNAL")
    schema_editor.execute("ALTER TABLE opportunities_opportunity ALTER COLUMN search_vector SET STORAGE MAIN")
    schema_editor.execute("ALTER TABLE opportunities_opportunity SET (toast_tuple_target = 256)")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0002_reference_data")]
    operations = [migrations.RunPython(keep_rows_narrow, migrations.RunPython.noop)]
