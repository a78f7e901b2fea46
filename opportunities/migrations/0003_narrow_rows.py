from django.db import migrations


def keep_rows_narrow(apps, schema_editor):
    """PostgreSQL only: keep what search reads in the rows, and the long text out of them.

    Search, filters, facet counts and ranking read many rows; a 1-3 KB description and the full search
    vector (every word with its positions) would make each row several times wider than those reads need.
    EXTERNAL moves both to the TOAST table once a row passes 512 bytes; MAIN keeps the small ranking
    vector in the row, where ts_rank reads it. Matching uses the GIN index, not the stored vector.
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    for column, storage in (("description", "EXTERNAL"), ("search_vector", "EXTERNAL"), ("rank_vector", "MAIN")):
        schema_editor.execute(f"ALTER TABLE opportunities_opportunity ALTER COLUMN {column} SET STORAGE {storage}")
    schema_editor.execute("ALTER TABLE opportunities_opportunity SET (toast_tuple_target = 512)")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0002_reference_data")]
    operations = [migrations.RunPython(keep_rows_narrow, migrations.RunPython.noop)]
