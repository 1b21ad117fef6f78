"""Full-text search over normative documents (规范性文件统一公开查询).

What a query finds
------------------
The query is normalized like the index (`normalize`: NFKC, Traditional → Simplified, lower
case), cut to `MAX_QUERY_CHARS` characters, and split into terms at every character that is not
a letter or a digit (whitespace, punctuation, symbols, emoji, control characters). At most
`MAX_TERMS` distinct terms are kept, and a version matches when every term does (AND):

- a term of two or more characters matches where it occurs as a substring of the normalized
  title, document number or text, across word boundaries ("十二条" inside "第三十二条"), in
  either script (both sides are Simplified after normalization);
- a one-character term matches the title or the document number (a single character occurs in
  nearly every text, so the text is not searched for it).

A blank query returns the queryset unchanged; a query with no letter or digit in it (only
punctuation or emoji, say) matches nothing. No query string raises: the user's text never
reaches the SQL or the full-text query syntax except as quoted letter-and-digit tokens bound as
parameters.

Index format (the same tokens on both backends)
-----------------------------------------------
Normalized text is cut into runs of letters and digits; a run of n ≥ 2 characters gives its
n − 1 overlapping bigrams, in order, separated by spaces ("第三十二条" → "第三 三十 十二 二条");
a run of one character gives nothing. A term of n ≥ 2 characters is the phrase of its bigrams.
The title and document number are indexed apart from the text (the "head"), together with their
distinct characters (for one-character terms).

- SQLite: two contentless FTS5 tables (rowid = version id, tokenizer unicode61, full detail for
  phrases): `normdoc_search_head(head, chars)` and `normdoc_search_body(body)`. A contentless
  table forgets a row only when given the tokens it indexed, so `SearchEntry` keeps the
  normalized title, number and text (zlib) of what was indexed.
- PostgreSQL: `normdoc_search_head(version_id, head, chars)` and
  `normdoc_search_body(version_id, seq, body)`, tsvectors built by `to_tsvector('simple', …)`
  from the bigram strings, GIN indexes; a term is `phraseto_tsquery('simple', bigrams)`. The text
  is indexed in chunks of `PG_CHUNK` characters overlapping by `MAX_QUERY_CHARS`, because a
  tsvector keeps positions only up to 16,383 and at most 256 per lexeme; every term fits inside
  one chunk.

Order: versions whose title or document number contains more of the terms first, then the
queryset's own ordering (for `Version`, newest first). A term found in more than `RANK_LIMIT`
titles does not count towards the ranking (it says little, and listing those titles would
cost). The result is a queryset, so callers add filters, count and slice it as usual; but its
`count()` stops at `CAP + 1` (`search_count` gives `CAP` and whether there are more).

How a term filters: the index is first asked for its first `PROBE_LIMIT + 1` matches in id
order (it stops there). At most `PROBE_LIMIT` matches: a list of ids. More, and dense among the
ids (a term in most documents): each version read is checked against its own index entry
(`EXISTS … MATCH … AND rowid = version.id`), so a page read in the queryset's order (an index
on state and publication date) stops once it is full, and the capped count reads the term's
matches from the index in id order and checks just those versions. More but sparse: a subquery
listing every match (reading many versions to fill a page would cost more).

Call `index_versions` after a version is published, imported or amended (inside the same
transaction), `unindex` before a version is deleted or withdrawn, and `rebuild` after a change
to `normalize` or to the tokens.
"""

from __future__ import annotations

import functools
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import opencc
from django.db import connections, router, transaction
from django.db.models import BooleanField, Case, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import Expression, RawSQL
from django.db.models.query import ModelIterable
from django.db.models.sql.where import WhereNode

from .models import Version
from .search_models import SearchEntry

MAX_QUERY_CHARS = 100  # of the normalized query; longer queries are cut
MAX_TERMS = 8  # distinct terms kept from a query, in order
BATCH = 500  # versions written per round of executemany
PG_CHUNK = 4000  # characters of text per tsvector on PostgreSQL
PROBE_LIMIT = 1000  # a term with at most this many matches is filtered by a list of ids
RANK_LIMIT = 1000  # a term in more titles than this does not rank (see `search`)
CAP = 1000  # `count()` of a search result counts at most CAP + 1 versions
DENSE = 5  # a common term whose first PROBE_LIMIT + 1 matches lie within DENSE times as many
# ids is checked row by row as the versions are read; a sparser one is listed by a subquery

_RUN = re.compile(r"[^\W_]+")  # a run of letters and digits (any script)
_SURROGATE = re.compile("[\ud800-\udfff]")


@functools.cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def normalize(text: str) -> str:
    """The text as indexed and searched: NFKC (full-width → half-width and compatibility
    forms), Traditional → Simplified (OpenCC t2s), lower case."""
    if not text:
        return ""
    text = _SURROGATE.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    if not text.isascii():
        text = _t2s().convert(text)
    return text.lower()


def _bigrams(normalized: str) -> list[str]:
    """Every two-character window made of letters and digits only, in order."""
    return [pair for pair in map(str.__add__, normalized, normalized[1:]) if pair.isalnum()]


def _head_tokens(title: str, doc_number: str) -> str:
    return " ".join(_bigrams(title) + _bigrams(doc_number))


def _head_chars(title: str, doc_number: str) -> str:
    runs = _RUN.findall(title) + _RUN.findall(doc_number)
    return " ".join(dict.fromkeys(char for run in runs for char in run))


def _chunks(text: str) -> Iterator[str]:
    for start in range(0, max(len(text), 1), PG_CHUNK):
        yield text[start : start + PG_CHUNK + MAX_QUERY_CHARS]


def query_terms(query: str) -> list[str]:
    """The normalized terms a query searches for (see the module docstring)."""
    text = normalize(query[: 4 * MAX_QUERY_CHARS])[:MAX_QUERY_CHARS]
    runs = list(dict.fromkeys(_RUN.findall(text)))
    # A term inside a longer term adds nothing, unless it is one character (another path).
    runs = [r for r in runs if len(r) == 1 or not any(r != o and r in o for o in runs)]
    return runs[:MAX_TERMS]


# --- backends: the only vendor-specific code ------------------------------------------------


@dataclass(frozen=True)
class _Indexed:
    """What was indexed for one version (normalized)."""

    pk: int
    title: str
    doc_number: str
    text: str


class _SqliteIndex:
    head_only = "SELECT rowid FROM normdoc_search_head WHERE normdoc_search_head MATCH %s"
    body = "SELECT rowid FROM normdoc_search_body WHERE normdoc_search_body MATCH %s"

    @staticmethod
    def _phrase(term: str) -> str:
        return '"' + " ".join(_bigrams(term)).replace('"', '""') + '"'

    def match(self, term: str) -> tuple[str, list]:
        phrase = self._phrase(term)
        return f"{self.head_only} UNION {self.body}", [f"head : {phrase}", phrase]

    def match_after(self, term: str, after: int) -> tuple[str, list]:
        """`match` restricted to ids above `after` (FTS5 starts there: no full evaluation)."""
        phrase = self._phrase(term)
        return (
            f"{self.head_only} AND rowid > %s UNION {self.body} AND rowid > %s",
            [f"head : {phrase}", after, phrase, after],
        )

    def head_match(self, term: str) -> tuple[str, list]:
        return self.head_only, [f"head : {self._phrase(term)}"]

    def char_match(self, char: str) -> tuple[str, list]:
        return self.head_only, ['chars : "' + char.replace('"', '""') + '"']

    # The same conditions for one row ({pk}): FTS5 evaluates the phrase for that rowid only.
    _row_head = (
        "EXISTS (SELECT 1 FROM normdoc_search_head "
        "WHERE normdoc_search_head MATCH %s AND rowid = {pk})"
    )
    _row_body = (
        "EXISTS (SELECT 1 FROM normdoc_search_body "
        "WHERE normdoc_search_body MATCH %s AND rowid = {pk})"
    )

    def row_match(self, term: str) -> tuple[str, list]:
        phrase = self._phrase(term)
        return f"({self._row_head} OR {self._row_body})", [f"head : {phrase}", phrase]

    def row_char_match(self, char: str) -> tuple[str, list]:
        return self._row_head, ['chars : "' + char.replace('"', '""') + '"']

    def remove(self, cursor, ids: Sequence[int], old: Sequence[_Indexed]) -> None:
        cursor.executemany(
            "INSERT INTO normdoc_search_head(normdoc_search_head, rowid, head, chars) "
            "VALUES ('delete', %s, %s, %s)",
            [
                (e.pk, _head_tokens(e.title, e.doc_number), _head_chars(e.title, e.doc_number))
                for e in old
            ],
        )
        cursor.executemany(
            "INSERT INTO normdoc_search_body(normdoc_search_body, rowid, body) "
            "VALUES ('delete', %s, %s)",
            [(e.pk, " ".join(_bigrams(e.text))) for e in old],
        )

    def add(self, cursor, new: Sequence[_Indexed]) -> None:
        cursor.executemany(
            "INSERT INTO normdoc_search_head(rowid, head, chars) VALUES (%s, %s, %s)",
            [
                (e.pk, _head_tokens(e.title, e.doc_number), _head_chars(e.title, e.doc_number))
                for e in new
            ],
        )
        cursor.executemany(
            "INSERT INTO normdoc_search_body(rowid, body) VALUES (%s, %s)",
            [(e.pk, " ".join(_bigrams(e.text))) for e in new],
        )

    keeps_text = True
    row_checks = True  # see `_matching`

    def clear(self, cursor) -> None:
        for table in ("normdoc_search_head", "normdoc_search_body"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")

    def optimize(self, cursor) -> None:
        for table in ("normdoc_search_head", "normdoc_search_body"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


class _PostgresIndex:
    head_only = (
        "SELECT version_id FROM normdoc_search_head WHERE head @@ phraseto_tsquery('simple', %s)"
    )
    body = "SELECT version_id FROM normdoc_search_body WHERE body @@ phraseto_tsquery('simple', %s)"
    keeps_text = False
    # Row checks measured slower here (the planner hashes every match of the term anyway):
    # a common term stays a subquery, and `count()` a LIMIT CAP + 1 subquery.
    row_checks = False

    def match(self, term: str) -> tuple[str, list]:
        tokens = " ".join(_bigrams(term))
        return f"{self.head_only} UNION ALL {self.body}", [tokens, tokens]

    def match_after(self, term: str, after: int) -> tuple[str, list]:
        tokens = " ".join(_bigrams(term))
        return (
            f"{self.head_only} AND version_id > %s UNION {self.body} AND version_id > %s",
            [tokens, after, tokens, after],
        )

    def head_match(self, term: str) -> tuple[str, list]:
        return self.head_only, [" ".join(_bigrams(term))]

    def char_match(self, char: str) -> tuple[str, list]:
        return (
            "SELECT version_id FROM normdoc_search_head "
            "WHERE chars @@ phraseto_tsquery('simple', %s)",
            [char],
        )

    _row_head = (
        "EXISTS (SELECT 1 FROM normdoc_search_head WHERE version_id = {pk} "
        "AND %(column)s @@ phraseto_tsquery('simple', %%s))"
    )
    _row_body = (
        "EXISTS (SELECT 1 FROM normdoc_search_body WHERE version_id = {pk} "
        "AND body @@ phraseto_tsquery('simple', %s))"
    )

    def row_match(self, term: str) -> tuple[str, list]:
        tokens = " ".join(_bigrams(term))
        head = self._row_head % {"column": "head"}
        return f"({head} OR {self._row_body})", [tokens, tokens]

    def row_char_match(self, char: str) -> tuple[str, list]:
        return self._row_head % {"column": "chars"}, [char]

    def remove(self, cursor, ids: Sequence[int], old: Sequence[_Indexed]) -> None:
        cursor.execute("DELETE FROM normdoc_search_head WHERE version_id = ANY(%s)", [list(ids)])
        cursor.execute("DELETE FROM normdoc_search_body WHERE version_id = ANY(%s)", [list(ids)])

    def add(self, cursor, new: Sequence[_Indexed]) -> None:
        cursor.executemany(
            "INSERT INTO normdoc_search_head(version_id, head, chars) "
            "VALUES (%s, to_tsvector('simple', %s), to_tsvector('simple', %s))",
            [
                (e.pk, _head_tokens(e.title, e.doc_number), _head_chars(e.title, e.doc_number))
                for e in new
            ],
        )
        cursor.executemany(
            "INSERT INTO normdoc_search_body(version_id, seq, body) "
            "VALUES (%s, %s, to_tsvector('simple', %s))",
            [
                (e.pk, seq, " ".join(_bigrams(chunk)))
                for e in new
                for seq, chunk in enumerate(_chunks(e.text))
            ],
        )

    def clear(self, cursor) -> None:
        cursor.execute("TRUNCATE normdoc_search_head, normdoc_search_body")

    def optimize(self, cursor) -> None:
        cursor.execute("ANALYZE normdoc_search_head")
        cursor.execute("ANALYZE normdoc_search_body")


_BACKENDS = {"sqlite": _SqliteIndex(), "postgresql": _PostgresIndex()}


def _backend(alias: str) -> _SqliteIndex | _PostgresIndex:
    vendor = connections[alias].vendor
    try:
        return _BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"全文检索不支持 {vendor} 数据库。") from None


# --- writing --------------------------------------------------------------------------------


def _old_entries(alias: str, ids: Sequence[int], keeps_text: bool) -> list[_Indexed]:
    rows = SearchEntry.objects.using(alias).filter(pk__in=ids)
    if not keeps_text:
        rows = rows.defer("body")
    return [
        _Indexed(
            e.pk, e.title, e.doc_number, zlib.decompress(e.body).decode() if keeps_text else ""
        )
        for e in rows
    ]


def _index_batch(alias: str, versions: Sequence[Version]) -> None:
    backend = _backend(alias)
    new = [
        _Indexed(v.pk, normalize(v.title), normalize(v.doc_number), normalize(v.text))
        for v in versions
    ]
    ids = [e.pk for e in new]
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        backend.remove(cursor, ids, _old_entries(alias, ids, backend.keeps_text))
        backend.add(cursor, new)
        SearchEntry.objects.using(alias).filter(pk__in=ids).delete()
        SearchEntry.objects.using(alias).bulk_create(
            [
                SearchEntry(
                    version_id=e.pk,
                    title=e.title,
                    doc_number=e.doc_number,
                    body=zlib.compress(e.text.encode(), 6) if backend.keeps_text else b"",
                )
                for e in new
            ]
        )


def index_versions(versions: Iterable[Version]) -> None:
    """(Re)index these versions' title, document number and text, in batches of `BATCH`."""
    alias = router.db_for_write(Version)
    batch: dict[int, Version] = {}
    for version in versions:
        batch[version.pk] = version  # the last one given wins
        if len(batch) >= BATCH:
            _index_batch(alias, list(batch.values()))
            batch = {}
    if batch:
        _index_batch(alias, list(batch.values()))


def unindex(version_ids: Iterable[int]) -> None:
    """Take these versions out of the index (those not in it are ignored)."""
    alias = router.db_for_write(Version)
    backend = _backend(alias)
    ids = list(dict.fromkeys(int(pk) for pk in version_ids))
    for start in range(0, len(ids), BATCH):
        part = ids[start : start + BATCH]
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            backend.remove(cursor, part, _old_entries(alias, part, backend.keeps_text))
            SearchEntry.objects.using(alias).filter(pk__in=part).delete()


def rebuild(versions: Iterable[Version] | None = None) -> None:
    """Empty the index and index `versions` (by default every published version)."""
    alias = router.db_for_write(Version)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        _backend(alias).clear(cursor)
        SearchEntry.objects.using(alias).all().delete()
    if versions is None:
        versions = (
            Version.objects.using(alias)
            .published()
            .only("pk", "title", "doc_number", "text")
            .order_by("pk")
            .iterator(chunk_size=BATCH)
        )
    index_versions(versions)


def optimize() -> None:
    """Merge the index after a bulk load (SQLite: FTS5 'optimize'; PostgreSQL: ANALYZE)."""
    alias = router.db_for_write(Version)
    with connections[alias].cursor() as cursor:
        _backend(alias).optimize(cursor)


# --- searching ------------------------------------------------------------------------------


class _RowMatch(Expression):
    """`EXISTS (…)`: this row's own index entry matches (`{pk}` in `sql` is the row's pk). On a
    scan in the queryset's order that stops at a LIMIT, the index is asked about the rows read
    only, instead of listing every match of a common term first."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, sql: str, params: list, pk=None) -> None:
        super().__init__()
        self.sql, self.params = sql, list(params)
        self.pk = F("pk") if pk is None else pk

    @property
    def key(self) -> tuple:
        return (self.sql, tuple(self.params))

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        assert not pk_params
        return self.sql.replace("{pk}", pk_sql), list(self.params)


@dataclass(frozen=True)
class _SearchInfo:
    """What `search` decided, kept on the queryset and its clones."""

    ranked: tuple[int, ...]  # versions with a title hit (search_rank ≥ 1)
    tiers: tuple[tuple[int, ...], ...]  # the same by search_rank, highest first
    natural: tuple  # the queryset's own ordering
    order_by: tuple  # the ordering `search` set
    driver: tuple[str, tuple] | None = None  # the first term checked row by row, and its check
    top_skip: tuple = ()  # row checks the versions with a title hit pass anyway


class _LateRows:
    """Mixed into the queryset `search` returns.

    - A slice of it (a page) is fetched in steps: first the ids of the page, then those rows
      (SQLite builds each candidate's whole row before sorting, which for versions means reading
      every matching text). On SQLite, while the ordering is the one `search` set, the ids come from
      two scans in the queryset's own order: the versions with a title hit (a short list of
      ids, sorted by rank), then the others, read in index order until the page is full.
    - `count()` counts at most `CAP + 1` versions (`search_count` tells whether it stopped).
    """

    _search: _SearchInfo | None = None

    def _clone(self):
        clone = super()._clone()
        clone._search = self._search
        return clone

    def count(self) -> int:
        if self._result_cache is not None or self._search is None or self.query.is_sliced:
            return super().count()
        capped = self._chain()
        capped.query.clear_ordering(force=True)
        driver = self._search.driver
        if driver is None or not _drop_row_match(capped.query.where, driver[1]):
            return capped.values("pk")[: CAP + 1].count()
        # Driven by the index, in id order, CAP + 1 matches of the first common term at a time:
        # the versions read are checked against the other conditions only.
        backend, total, after = _backend(self.db), 0, 0
        while total <= CAP:
            ids = _probe(self.db, *backend.match_after(driver[0], after), CAP)
            if ids:
                total += capped.filter(pk__in=ids).values("pk")[: CAP + 1 - total].count()
            if len(ids) <= CAP:
                break
            after = ids[-1]
        return min(total, CAP + 1)

    def _page_ids(self) -> list[int]:
        info = self._search
        low, high = self.query.low_mark, self.query.high_mark
        base = self._chain()
        base.query.clear_limits()
        # Title hits, one rank at a time, each read in the queryset's order up to the page end.
        top: list[int] = []
        for tier in info.tiers:
            need = None if high is None else high - len(top)
            if need == 0:
                break
            tier_query = base.filter(pk__in=tier).order_by(*info.natural)
            for key in info.top_skip:
                _drop_row_match(tier_query.query.where, key)
            top += tier_query.values_list("pk", flat=True)[:need]
        ids = top[low:high]
        if high is None or high > len(top):
            rest = base.exclude(pk__in=info.ranked) if info.ranked else base
            rest = rest.order_by(*info.natural).values_list("pk", flat=True)
            start = max(low - len(top), 0)
            stop = None if high is None else high - len(top)
            ids += list(rest[start:stop])
        return ids

    def _fetch_all(self) -> None:
        if (
            self._result_cache is None
            and self._iterable_class is ModelIterable
            and self.query.is_sliced
            and not self.query.combinator
        ):
            info = self._search
            if (
                info is not None
                and tuple(self.query.order_by) == info.order_by
                and _backend(self.db).row_checks  # PostgreSQL plans the whole order better
            ):
                ids = self._page_ids()
            else:
                ids = list(self.values_list("pk", flat=True))
            rows = self._chain()
            rows.query.clear_limits()
            rows.query.clear_ordering(force=True)
            rows.query.where = WhereNode()  # the filters chose the ids already
            rows._prefetch_related_lookups = ()
            by_pk = {obj.pk: obj for obj in rows.filter(pk__in=ids)}
            self._result_cache = [by_pk[pk] for pk in ids if pk in by_pk]
            if self._prefetch_related_lookups and not self._prefetch_done:
                self._prefetch_related_objects()
            return
        super()._fetch_all()


def _drop_row_match(where: WhereNode, key: tuple) -> bool:
    """Take the row check `key` out of the top level of `where` (an AND), if it is there."""
    if where.connector != "AND" or where.negated:
        return False
    for i, child in enumerate(where.children):
        check = getattr(child, "lhs", child)  # filter(expression) may wrap it in `exact True`
        if isinstance(check, _RowMatch) and check.key == key:
            if check is not child and getattr(child, "rhs", None) is not True:
                continue
            del where.children[i]
            return True
    return False


@functools.cache
def _late_rows_class(cls: type[QuerySet]) -> type[QuerySet]:
    return type(f"Search{cls.__name__}", (_LateRows, cls), {"__module__": __name__})


class _PkIn(Func):
    """`pk IN (subquery)`. On SQLite it is written `+pk IN (…)`: FTS5 tells the planner that a
    MATCH returns about 25 rows, so it would otherwise drive the query from the subquery and
    read every matching row from the table (a version's `published_on` and later columns lie
    behind its text, on overflow pages); with `+` it filters an index scan instead."""

    arg_joiner = " IN "
    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, sql: str, params: list) -> None:
        super().__init__(F("pk"), RawSQL(sql, params))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="+%(expressions)s", **extra)


def _probe(alias: str, sql: str, params: list, limit: int) -> list[int]:
    """Up to `limit` + 1 ids `sql` selects: on SQLite the first ones in id order (FTS5 stops
    there), on PostgreSQL any (the GIN index gives no order; sorting would read them all)."""
    order = " ORDER BY 1" if _backend(alias).row_checks else ""
    with connections[alias].cursor() as cursor:
        cursor.execute(f"{sql}{order} LIMIT {limit + 1}", params)
        ids = [row[0] for row in cursor.fetchall()]
    # More than `limit` rows means "too many" even if some repeat (chunks on PostgreSQL).
    return ids if len(ids) > limit else list(dict.fromkeys(ids))


def _matching(alias: str, match: tuple[str, list], row: tuple[str, list]) -> Q | _RowMatch | _PkIn:
    """The condition "the version matches". The index is probed first with a LIMIT, in id
    order: a term with at most `PROBE_LIMIT` matches becomes a list of ids (the database then
    reads just those rows). A commoner term found in most versions (its first matches are dense
    among the ids) is checked row by row (`_RowMatch`) as the versions are read in order, which
    stops when the page is full; a sparser one filters by a subquery listing all its matches."""
    ids = _probe(alias, *match, PROBE_LIMIT)
    if len(ids) <= PROBE_LIMIT:
        return Q(pk__in=ids)
    if _backend(alias).row_checks and ids[-1] - ids[0] < DENSE * len(ids):
        return _RowMatch(*row)
    return _PkIn(*match)


def search(queryset: QuerySet[Version], query: str) -> QuerySet[Version]:
    """`queryset` filtered to the versions matching `query`, title hits first."""
    if query is None or not str(query).strip():
        return queryset
    terms = query_terms(str(query))
    if not terms:
        return queryset.none()
    alias = queryset.db
    backend = _backend(alias)
    ranks: dict[int, int] = {}
    heads = []
    conditions = []
    for term in terms:
        if len(term) == 1:
            conditions.append(
                (term, _matching(alias, backend.char_match(term), backend.row_char_match(term)))
            )
            continue
        conditions.append((term, _matching(alias, backend.match(term), backend.row_match(term))))
    for term, condition in conditions:
        queryset = queryset.filter(condition)
        if len(term) == 1:
            continue
        in_head = _probe(alias, *backend.head_match(term), RANK_LIMIT)
        if len(in_head) <= RANK_LIMIT:
            heads.append((set(in_head), condition))
            for pk in in_head:
                ranks[pk] = ranks.get(pk, 0) + 1
    # The title hits match the terms they hit: no need to check those again, row by row.
    top_skip = tuple(
        c.key for hits, c in heads if isinstance(c, _RowMatch) and hits.issuperset(ranks)
    )
    # `count()` reads the index of the first term checked row by row, unless a rarer term's
    # list of ids bounds the versions to check anyway.
    driver = None
    if all(isinstance(c, _RowMatch) for _, c in conditions) and len(conditions[0][0]) > 1:
        driver = (conditions[0][0], conditions[0][1].key)
    by_rank: dict[int, list[int]] = {}
    for pk, r in ranks.items():
        by_rank.setdefault(r, []).append(pk)
    rank = (
        Case(
            *(
                When(pk__in=sorted(by_rank[r]), then=Value(r))
                for r in sorted(by_rank, reverse=True)
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        if by_rank
        else Value(0, output_field=IntegerField())
    )
    natural = tuple(queryset.query.order_by or queryset.model._meta.ordering)
    order_by = ("-search_rank", *natural) if by_rank else natural
    queryset = queryset.annotate(search_rank=rank).order_by(*order_by)
    if not isinstance(queryset, _LateRows):
        queryset.__class__ = _late_rows_class(type(queryset))
    queryset._search = _SearchInfo(
        tuple(sorted(ranks)),
        tuple(tuple(sorted(by_rank[r])) for r in sorted(by_rank, reverse=True)),
        natural,
        tuple(queryset.query.order_by),
        driver,
        top_skip,
    )
    return queryset


def search_count(queryset, n: int | None = None) -> tuple[int, bool]:
    """(count, capped) of a `search` result: at most `CAP`, and whether there are more. `n` is
    its `count()` when already known (a Paginator's, say)."""
    if n is None:
        n = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    if isinstance(queryset, _LateRows) and queryset._search is not None and n > CAP:
        return CAP, True
    return n, False
