"""The search index in display order (see fazhi/normative_documents/search.py): the FTS5 rowid
(SQLite) or the `key` column (PostgreSQL) is published_on × 2³² + id, so that the index lists
matches newest first and a page or a capped count stops early. Replaces the tables of 0003 and
re-indexes every published version."""

from django.db import migrations, models

# SQLite: the walk filters each chunk of matches by id; this index answers "is it published,
# and when" for an id without reading the version row (`published_on` lies behind the text, on
# overflow pages), and the planner picks it even without statistics.
ID_INDEX = (
    "CREATE INDEX normdoc_version_id_state_published "
    "ON normative_documents_version (id, state, published_on)"
)
SEARCH_TABLES = {
    "sqlite": [
        "CREATE VIRTUAL TABLE normdoc_search_text USING fts5("
        "chars, body, content='', columnsize=0, tokenize='ascii')",
        "CREATE VIRTUAL TABLE normdoc_search_title USING fts5("
        "head, content='', columnsize=0, tokenize='ascii')",
        ID_INDEX,
    ],
    "postgresql": [
        "CREATE TABLE normdoc_search ("
        "key bigint PRIMARY KEY, version_id bigint NOT NULL UNIQUE, grams text[] NOT NULL, "
        "body text NOT NULL, head text NOT NULL, head_grams text[] NOT NULL)",
        "CREATE INDEX normdoc_search_grams ON normdoc_search USING gin (grams)",
        "CREATE INDEX normdoc_search_head_grams ON normdoc_search USING gin (head_grams)",
        # The next `n` keys below `below` published in one of `years` whose grams contain
        # `want`, descending. Planned inside a function that forbids a sequential or plain
        # index scan, and with `key + 0` (no bitmap on the primary key): any of these would
        # test `grams` row by row, each a large TOASTed array; the GIN bitmap reads only the
        # narrow rows of the candidates.
        "CREATE FUNCTION normdoc_search_walk(want text[], years text[], below bigint, "
        "n integer) RETURNS SETOF bigint LANGUAGE sql STABLE "
        "SET enable_seqscan = off SET enable_indexscan = off AS $$ "
        "SELECT key FROM normdoc_search WHERE grams @> want AND grams && years "
        "AND key + 0 < below ORDER BY key DESC LIMIT n $$",
    ],
}
OLD_TABLES = ("normdoc_search_head", "normdoc_search_body")


def forwards(apps, schema_editor):
    from fazhi.normative_documents import search

    vendor = schema_editor.connection.vendor
    if vendor not in SEARCH_TABLES:
        raise RuntimeError(f"全文检索不支持 {vendor} 数据库。")
    for table in OLD_TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in SEARCH_TABLES[vendor]:
        schema_editor.execute(statement)
    models_ = (
        apps.get_model("normative_documents", "Version"),
        apps.get_model("normative_documents", "SearchEntry"),
    )
    search.rebuild(alias=schema_editor.connection.alias, models=models_)


def backwards(apps, schema_editor):
    raise RuntimeError("检索索引不能回退到 0004：请重新迁移到最新版本。")


class Migration(migrations.Migration):
    dependencies = [
        ("normative_documents", "0004_filing_client_key"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="key",
            field=models.BigIntegerField(default=0, verbose_name="检索键"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
