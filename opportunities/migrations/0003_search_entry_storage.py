from django.db import migrations


def store_vectors_for_speed(apps, schema_editor):
    """PostgreSQL only: keep each search entry's row small and its ranking vector ready to read.

    The full search vector (every word with its positions) is only needed by its GIN index, so EXTERNAL
    moves it out of the row once a row passes 256 bytes. The ranking vector is read by ts_rank for every
    match: PLAIN keeps it in the row and uncompressed, since decompressing it per row costs more than the
    ranking itself (measured at 100,000 listings).
    """
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE opportunities_searchentry ALTER COLUMN search_vector SET STORAGE EXTERNAL")
    schema_editor.execute("ALTER TABLE opportunities_searchentry ALTER COLUMN rank_vector SET STORAGE PLAIN")
    schema_editor.execute("ALTER TABLE opportunities_searchentry SET (toast_tuple_target = 256)")


class Migration(migrations.Migration):
    dependencies = [("opportunities", "0002_reference_data")]
    operations = [migrations.RunPython(store_vectors_for_speed, migrations.RunPython.noop)]
