"""On PostgreSQL, refuse UPDATE and DELETE on the ledger's append-only tables in the database
itself, whatever the client. SQLite has no such trigger here: there the models refuse, and
`fazhi ledger verify` finds what a direct edit did.

There is no redaction path yet, so the trigger allows no UPDATE at all. TRUNCATE is not
refused (Django's test runner empties tables with it); a truncated log is found by
`fazhi ledger verify` against the checkpoints, and by anyone holding a published checkpoint.
"""

from django.db import migrations

TABLES = (
    "ledger_ledgerentry",
    "ledger_merklenode",
    "ledger_checkpoint",
    "ledger_witnesssignature",
)

FUNCTION = """
CREATE OR REPLACE FUNCTION fazhi_ledger_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '账本是只增不改的：% 表拒绝 %（ledger rows are append-only）', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION fazhi_ledger_refuse_change();"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
    schema_editor.execute("DROP FUNCTION IF EXISTS fazhi_ledger_refuse_change();")


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers, elidable=False)]
