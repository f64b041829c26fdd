"""On PostgreSQL, registry rows live in one partition per snapshot (LIST on snapshot_id).

An import loads a fresh, unindexed table with COPY, indexes it, and attaches it as a
partition; an old snapshot is detached and dropped in an instant. Look-ups by
(snapshot_id, nik) are pruned to one partition. SQLite keeps the plain tables.
"""

from django.db import migrations

COLUMNS = {
    "registri_barisdtks": """
        nik varchar(16) NOT NULL, nama varchar(150) NOT NULL, nomor_kk varchar(16) NOT NULL DEFAULT '',
        alamat varchar(250) NOT NULL DEFAULT '', desa varchar(100) NOT NULL DEFAULT '',
        kecamatan varchar(100) NOT NULL DEFAULT '', desil smallint NULL CHECK (desil >= 0),
        pkh boolean NOT NULL DEFAULT false, bpnt boolean NOT NULL DEFAULT false, pbi boolean NOT NULL DEFAULT false""",
    "registri_barispbi": """
        nik varchar(16) NOT NULL, nama varchar(150) NOT NULL, nomor_kk varchar(16) NOT NULL DEFAULT '',
        alamat varchar(250) NOT NULL DEFAULT '', desa varchar(100) NOT NULL DEFAULT '',
        kecamatan varchar(100) NOT NULL DEFAULT ''""",
}
INDEX = {"registri_barisdtks": "dtks_snapshot_nik", "registri_barispbi": "pbi_snapshot_nik"}


def partisi(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in COLUMNS.items():
        schema_editor.execute(f"DROP TABLE {table}")
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {table}_id_seq")
        schema_editor.execute(
            f"CREATE TABLE {table} (id bigint NOT NULL DEFAULT nextval('{table}_id_seq'), "
            f"snapshot_id bigint NOT NULL, {columns}) PARTITION BY LIST (snapshot_id)"
        )
        schema_editor.execute(f"CREATE INDEX {INDEX[table]} ON {table} (snapshot_id, nik)")


class Migration(migrations.Migration):
    dependencies = [("registri", "0001_initial")]
    operations = [migrations.RunPython(partisi, migrations.RunPython.noop, elidable=False)]
