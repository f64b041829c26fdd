"""PostgreSQL: faster indexing of each imported partition (Issue 15).

- `nik` gets the "C" collation: NIKs are digits, so equality and order are the same, and
  sorting for the index compares bytes instead of calling the locale's strcoll.
- The look-up index is on `nik` alone: every table is partitioned by snapshot, so the
  snapshot_id column in the index repeated one value per partition (and kept PostgreSQL
  from abbreviated sort keys on `nik`). Look-ups by (snapshot_id, nik) still prune to one
  partition and use it. The index keeps its name; Django's model state (and SQLite) keep
  the (snapshot, nik) index.
- The id sequences hand out 1000 values per session at a time, so COPY does not lock the
  sequence for every row (ids stay unique and increase in file order within one import).
"""

from django.db import migrations

TABLES = {"registri_barisdtks": "dtks_snapshot_nik", "registri_barispbi": "pbi_snapshot_nik"}


def maju(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN nik TYPE varchar(16) COLLATE "C"')
        schema_editor.execute(f"CREATE INDEX {index} ON {table} (nik)")
        schema_editor.execute(f"ALTER SEQUENCE {table}_id_seq CACHE 1000")


def mundur(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in TABLES.items():
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")
        schema_editor.execute(f'ALTER TABLE {table} ALTER COLUMN nik TYPE varchar(16) COLLATE "default"')
        schema_editor.execute(f"CREATE INDEX {index} ON {table} (snapshot_id, nik)")
        schema_editor.execute(f"ALTER SEQUENCE {table}_id_seq CACHE 1")


class Migration(migrations.Migration):
    dependencies = [("registri", "0007_impor_pulih_pengodean")]
    operations = [migrations.RunPython(maju, mundur, elidable=False)]
