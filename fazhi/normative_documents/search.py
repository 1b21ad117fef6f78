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

Order: versions whose title or document number contains more of the terms first, then newest
first (the `Version` ordering: `published_on`, then id, descending). A term found in more than
`RANK_LIMIT` titles does not count towards the ranking (it says little). The result is a
queryset: callers filter, count, order and slice it as usual; its `count()` stops at `CAP + 1`
(`search_count` gives `CAP` and whether there are more).

The index is kept in display order
----------------------------------
Every indexed version has a key, `published_on` (as a day number) × 2³² + id, so that
descending keys are newest first: the index answers "the next matches, newest first" itself and
stops there. A page of 20 (after the title hits) and a capped count are one walk down the keys
of the matches: the index gives the next keys in chunks (the first one as large as the page or
`CAP + 1`, then twice as large each time), the queryset's own filters (state, dates, issuer,
status…) are applied to each chunk by id, and the walk stops as soon as the page or `CAP + 1`
is reached. On SQLite an index on version (id, state, published_on) answers the usual filters
for a chunk without reading the rows (`published_on` lies behind the text, on overflow pages).
The title hits of each term (at most `RANK_LIMIT`) are listed once by `search`, from a small
index of titles; a page checks them against the other terms a batch at a time, only until it
is full, and the walk leaves them out. Anything else (a whole result, another ordering, a
union) runs the plain query `id IN (all matches)` ordered by rank — correct, just not tuned.
A version must be reindexed when its `published_on` changes (its key does).

Index format
------------
Normalized text is cut into runs of letters and digits. A term of n ≥ 2 characters occurs in
the text exactly when its characters occur consecutively inside one run.

- SQLite: FTS5 (`ascii` tokenizer: every non-ASCII character and every ASCII letter or digit
  is part of a token, so a token is exactly one of ours; contentless, positions kept), rowid =
  the key. `normdoc_search_text(chars, body)`: `body` the overlapping bigrams of the runs of
  title, number and text in order ("第三十二条" → "第三 三十 十二 二条"), `chars` the distinct
  characters of title and number. A term of n ≥ 2 characters is the phrase of its n − 1 bigrams
  (only two-character tokens are bigrams), a one-character term the token itself (only one-
  character tokens are in `chars`), and all the terms of a query are one FTS5 `AND`, so FTS5
  walks the keys of the matches in order. Where a run begins with the character the previous
  run ended with, a separator token (`SEP`, three letters: never a query token) keeps the two
  runs apart, so a phrase cannot bridge punctuation ("行政。政府" does not contain "行政府").
  `normdoc_search_title(head)` holds the bigrams of title and number alone, for the ranking.
  A contentless table forgets a row only when given the tokens it indexed, so `SearchEntry`
  keeps the normalized title, number and text (zlib) of what was indexed.
- PostgreSQL: `normdoc_search(key, version_id, grams, body, head, head_grams)`: `grams` (a
  `text[]` under GIN) the distinct bigrams and trigrams of the runs of title, number and text,
  the distinct characters of title and number, and the year of publication as "#2024" (not a
  letter or digit: never a query's gram); `body` the normalized title, number and text joined
  by newlines; `head` title and number, `head_grams` their bigrams and trigrams (GIN, for the
  ranking). A term of up to three characters is decided by `grams @> ARRAY[term]` (exact: a
  gram is present exactly when it occurs in a run); a longer one needs its trigrams in `grams`
  and then `strpos(body, term) > 0`, tested only on the candidates the walk reaches. The walk
  (`normdoc_search_walk`, a SQL function planned with sequential and plain index scans off,
  since either would test the large TOASTed `grams` row by row) asks the GIN index for the
  candidates of the newest year, then of the two years before, the four before those…, a
  bitmap and a top-N sort of narrow rows each time, so a common term reads about a year of
  candidates rather than all of them. No positions are kept, so no tsvector limit (16,383
  positions, 256 per lexeme) bears on long texts.

Call `index_versions` after a version is published, imported or amended (inside the same
transaction), `unindex` before a version is deleted or withdrawn, and `rebuild` after a change
to `normalize` or to the tokens.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

import opencc
from django.db import connections, router, transaction
from django.db.models import BooleanField, Case, F, IntegerField, QuerySet, Value, When
from django.db.models.expressions import Expression
from django.db.models.query import ModelIterable

from .models import Version
from .search_models import SearchEntry

MAX_QUERY_CHARS = 100  # of the normalized query; longer queries are cut
MAX_TERMS = 8  # distinct terms kept from a query, in order
BATCH = 500  # versions written per round of executemany
RANK_LIMIT = 1000  # a term in more titles than this does not rank (see `search`)
CAP = 1000  # `count()` of a search result counts at most CAP + 1 versions
CHUNK = 200  # keys the first step of a page walk asks the index for (then twice as many);
# also the title hits checked at a time
SEP = "sep"  # SQLite: the separator token between runs (three letters: never a query token)
ID_BITS = 32  # a key is day << ID_BITS | id
_ID_MASK = (1 << ID_BITS) - 1
_MAX_KEY = (1 << 63) - 1
NATURAL = ("-published_on", "-pk")  # the order the keys follow

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


def query_terms(query: str) -> list[str]:
    """The normalized terms a query searches for (see the module docstring)."""
    text = normalize(query[: 4 * MAX_QUERY_CHARS])[:MAX_QUERY_CHARS]
    runs = list(dict.fromkeys(_RUN.findall(text)))
    # A term inside a longer term adds nothing, unless it is one character (another path).
    runs = [r for r in runs if len(r) == 1 or not any(r != o and r in o for o in runs)]
    return runs[:MAX_TERMS]


def _pairs(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _bigram_tokens(*texts: str) -> str:
    """The bigrams of every run of the texts, in order, a `SEP` where a run begins with the
    character the previous run (with bigrams) ended with."""
    out: list[str] = []
    last = ""
    for text in texts:
        for run in _RUN.findall(text):
            if len(run) < 2:
                continue
            if run[0] == last:
                out.append(SEP)
            out += _pairs(run)
            last = run[-1]
    return " ".join(out)


def _head_chars(title: str, doc_number: str) -> list[str]:
    return list(dict.fromkeys("".join(_RUN.findall(title) + _RUN.findall(doc_number))))


def _year(key: int) -> int:
    """The year of publication in a key (0: none)."""
    day = key >> ID_BITS
    return date.fromordinal(day).year if day else 0


def key_of(published_on, pk: int) -> int:
    """The index key: descending keys are newest first (`published_on`, then id)."""
    if not 0 < pk <= _ID_MASK:
        raise ValueError(f"版本编号超出检索索引的范围：{pk}")
    return (published_on.toordinal() if published_on else 0) << ID_BITS | pk


@dataclass(frozen=True)
class _Entry:
    """What is indexed for one version (normalized)."""

    key: int
    title: str
    doc_number: str
    text: str

    @property
    def pk(self) -> int:
        return self.key & _ID_MASK


# --- backends: the only vendor-specific code ------------------------------------------------


class _SqliteIndex:
    keeps_text = True  # a contentless FTS5 table needs the old tokens to delete a row

    @staticmethod
    def _phrase(term: str) -> str:
        tokens = term if len(term) == 1 else " ".join(_pairs(term))
        return '"' + tokens.replace('"', '""') + '"'

    def _expression(self, terms: Sequence[str]) -> str:
        return " AND ".join(self._phrase(t) for t in terms)

    def all_ids(self, terms: Sequence[str]) -> tuple[str, list]:
        """SQL for the ids of every match (the plain path)."""
        return (
            f"SELECT rowid & {_ID_MASK} FROM normdoc_search_text "
            "WHERE normdoc_search_text MATCH %s",
            [self._expression(terms)],
        )

    def walk(self, cursor, terms: Sequence[str], below: int | None, limit: int):
        """(The keys of the next `limit` matches below `below`, descending; where to go on
        from, None at the end). FTS5 starts at `below` and stops after `limit`."""
        bound = "" if below is None else f" AND rowid < {int(below)}"
        cursor.execute(
            "SELECT rowid FROM normdoc_search_text WHERE normdoc_search_text MATCH %s"
            f"{bound} ORDER BY rowid DESC LIMIT {int(limit)}",
            [self._expression(terms)],
        )
        keys = [row[0] for row in cursor.fetchall()]
        return keys, keys[-1] if len(keys) == limit else None

    def among(self, cursor, terms: Sequence[str], keys: Sequence[int]) -> list[int]:
        """Those of `keys` that match. FTS5 looks a key up at ≈ 10 µs a token, or lists the
        matches between the lowest and highest key at ≈ 1 µs each: the list is tried first,
        within the budget of the look-ups, then the look-ups."""
        expression = self._expression(terms)
        budget = 10 * len(keys) * sum(max(len(t) - 1, 1) for t in terms)
        cursor.execute(
            "SELECT rowid FROM normdoc_search_text WHERE normdoc_search_text MATCH %s "
            f"AND rowid BETWEEN {int(min(keys))} AND {int(max(keys))} LIMIT {budget + 1}",
            [expression],
        )
        listed = {row[0] for row in cursor.fetchall()}
        if len(listed) <= budget:
            return [k for k in keys if k in listed]
        found = []
        for key in keys:
            cursor.execute(
                "SELECT rowid FROM normdoc_search_text "
                "WHERE normdoc_search_text MATCH %s AND rowid = %s",
                [expression, key],
            )
            found += [row[0] for row in cursor.fetchall()]
        return found

    def in_titles(self, cursor, term: str, limit: int) -> list[int]:
        cursor.execute(
            "SELECT rowid FROM normdoc_search_title WHERE normdoc_search_title MATCH %s "
            f"LIMIT {int(limit)}",
            [self._phrase(term)],
        )
        return [row[0] for row in cursor.fetchall()]

    @staticmethod
    def _rows(entries: Sequence[_Entry]) -> tuple[list, list]:
        text = [
            (
                e.key,
                " ".join(_head_chars(e.title, e.doc_number)),
                _bigram_tokens(e.title, e.doc_number, e.text),
            )
            for e in entries
        ]
        title = [(e.key, _bigram_tokens(e.title, e.doc_number)) for e in entries]
        return text, title

    def remove(self, cursor, old: Sequence[_Entry]) -> None:
        text, title = self._rows(old)
        cursor.executemany(
            "INSERT INTO normdoc_search_text(normdoc_search_text, rowid, chars, body) "
            "VALUES ('delete', %s, %s, %s)",
            text,
        )
        cursor.executemany(
            "INSERT INTO normdoc_search_title(normdoc_search_title, rowid, head) "
            "VALUES ('delete', %s, %s)",
            title,
        )

    def add(self, cursor, new: Sequence[_Entry]) -> None:
        text, title = self._rows(new)
        cursor.executemany(
            "INSERT INTO normdoc_search_text(rowid, chars, body) VALUES (%s, %s, %s)", text
        )
        cursor.executemany("INSERT INTO normdoc_search_title(rowid, head) VALUES (%s, %s)", title)

    def clear(self, cursor) -> None:
        for table in ("normdoc_search_text", "normdoc_search_title"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")

    def optimize(self, cursor) -> None:
        for table in ("normdoc_search_text", "normdoc_search_title"):
            cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")


class _PostgresIndex:
    keeps_text = False

    @staticmethod
    def _grams(term: str) -> list[str]:
        """What `grams` must contain: the term itself up to three characters (exact), its
        trigrams beyond (then `strpos` decides)."""
        if len(term) <= 3:
            return [term]
        return list(dict.fromkeys(term[i : i + 3] for i in range(len(term) - 2)))

    def _want(self, terms: Sequence[str]) -> list[str]:
        return list(dict.fromkeys(g for t in terms for g in self._grams(t)))

    @staticmethod
    def _exact(terms: Sequence[str], column: str = "body") -> tuple[str, list]:
        """The terms the grams do not decide, tested on the text itself."""
        long = [t for t in terms if len(t) > 3]
        return "".join(f" AND strpos({column}, %s) > 0" for _ in long), long

    def all_ids(self, terms: Sequence[str]) -> tuple[str, list]:
        exact, params = self._exact(terms)
        return (
            f"SELECT version_id FROM normdoc_search WHERE grams @> %s::text[]{exact}",
            [self._want(terms), *params],
        )

    def walk(self, cursor, terms: Sequence[str], below: int | None, limit: int):
        # The GIN index lists the candidates of one year, then of the two years before, of
        # the four before those…, until `limit` match (`grams` holds the year as "#2024");
        # each is a bitmap and a top-N sort of narrow rows (see `normdoc_search_walk`), so a
        # common term reads about a year of candidates, not all of them. The terms of four or
        # more characters are tested on the text of the candidates, a batch at a time.
        below = _MAX_KEY if below is None else below
        cursor.execute("SELECT max(key), min(key) FROM normdoc_search WHERE key < %s", [below])
        newest, oldest = cursor.fetchone()
        if newest is None:
            return [], None
        want, (exact, params) = self._want(terms), self._exact(terms)
        keys: list[int] = []
        year, last, span, examined = _year(newest), _year(oldest), 1, 0
        while year >= last and len(keys) < limit:
            years = [f"#{y}" for y in range(max(year - span + 1, last), year + 1)]
            # As many candidates as should give the matches still needed, at the pass rate
            # seen so far (all pass where nothing is left to test).
            need = limit - len(keys)
            batch = need if not examined else min(need * (examined + 1) // (len(keys) + 1), 20_000)
            cursor.execute(
                "SELECT normdoc_search_walk(%s::text[], %s::text[], %s, %s)",
                [want, years, below, batch],
            )
            found = [row[0] for row in cursor.fetchall()]
            examined += len(found)
            if exact and found:
                cursor.execute(
                    f"SELECT key FROM normdoc_search WHERE key = ANY(%s){exact}",
                    [found, *params],
                )
                passing = {row[0] for row in cursor.fetchall()}
                keys += [k for k in found if k in passing]
            else:
                keys += found
            if len(found) == batch:
                below = found[-1]  # more in these years
            else:
                year, span = year - span, span * 2
        if len(keys) >= limit:
            return keys[:limit], keys[limit - 1]
        return keys, None

    def among(self, cursor, terms: Sequence[str], keys: Sequence[int]) -> list[int]:
        # Every term is a substring test here: one character on title and number, more on all.
        where = " AND ".join(
            "strpos(head, %s) > 0" if len(t) == 1 else "strpos(body, %s) > 0" for t in terms
        )
        cursor.execute(
            f"SELECT key FROM normdoc_search WHERE key = ANY(%s) AND {where}",
            [list(keys), *terms],
        )
        return [row[0] for row in cursor.fetchall()]

    def in_titles(self, cursor, term: str, limit: int) -> list[int]:
        exact, params = self._exact([term], "head")
        cursor.execute(
            f"SELECT key FROM normdoc_search WHERE head_grams @> %s::text[]{exact} "
            f"LIMIT {int(limit)}",
            [self._grams(term), *params],
        )
        return [row[0] for row in cursor.fetchall()]

    def remove(self, cursor, old: Sequence[_Entry]) -> None:
        cursor.execute(
            "DELETE FROM normdoc_search WHERE version_id = ANY(%s)", [[e.pk for e in old]]
        )

    @staticmethod
    def _ngrams(runs: list[str]) -> dict[str, None]:
        grams: dict[str, None] = {}
        for run in runs:
            grams.update(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))
            grams.update(dict.fromkeys(run[i : i + 3] for i in range(len(run) - 2)))
        return grams

    def add(self, cursor, new: Sequence[_Entry]) -> None:
        rows = []
        for e in new:
            head_runs = _RUN.findall(e.title) + _RUN.findall(e.doc_number)
            head_grams = self._ngrams(head_runs)
            grams = {**head_grams, **self._ngrams(_RUN.findall(e.text))}
            grams.update(dict.fromkeys(_head_chars(e.title, e.doc_number)))
            grams[f"#{_year(e.key)}"] = None  # not a letter or digit: never a query's gram
            head = f"{e.title}\n{e.doc_number}"
            rows.append((e.key, e.pk, list(grams), f"{head}\n{e.text}", head, list(head_grams)))
        cursor.executemany(
            "INSERT INTO normdoc_search(key, version_id, grams, body, head, head_grams) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )

    def clear(self, cursor) -> None:
        cursor.execute("TRUNCATE normdoc_search")

    def optimize(self, cursor) -> None:
        # Fresh statistics on the versions too: the ids of a chunk are looked up by `= ANY`
        # only while the planner knows that most versions are published.
        cursor.execute("ANALYZE normdoc_search")
        cursor.execute("ANALYZE normative_documents_version")


_BACKENDS = {"sqlite": _SqliteIndex(), "postgresql": _PostgresIndex()}


def _backend(alias: str) -> _SqliteIndex | _PostgresIndex:
    vendor = connections[alias].vendor
    try:
        return _BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"全文检索不支持 {vendor} 数据库。") from None


# --- writing --------------------------------------------------------------------------------


def _index_batch(alias: str, versions: Sequence, entry_model=SearchEntry) -> None:
    backend = _backend(alias)
    new = [
        _Entry(
            key_of(v.published_on, v.pk),
            normalize(v.title),
            normalize(v.doc_number),
            normalize(v.text),
        )
        for v in versions
    ]
    ids = [e.pk for e in new]
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        _remove(alias, cursor, ids, entry_model)
        backend.add(cursor, new)
        entry_model.objects.using(alias).bulk_create(
            [
                entry_model(
                    version_id=e.pk,
                    key=e.key,
                    title=e.title,
                    doc_number=e.doc_number,
                    body=zlib.compress(e.text.encode(), 6) if backend.keeps_text else b"",
                )
                for e in new
            ]
        )


def _remove(alias: str, cursor, ids: Sequence[int], entry_model=SearchEntry) -> None:
    backend = _backend(alias)
    rows = entry_model.objects.using(alias).filter(pk__in=ids)
    if not backend.keeps_text:
        rows = rows.defer("body")
    old = [
        _Entry(
            e.key,
            e.title,
            e.doc_number,
            zlib.decompress(e.body).decode() if backend.keeps_text else "",
        )
        for e in rows
    ]
    if old:
        backend.remove(cursor, old)
        entry_model.objects.using(alias).filter(pk__in=[e.pk for e in old]).delete()


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
    ids = list(dict.fromkeys(int(pk) for pk in version_ids))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
            _remove(alias, cursor, ids[start : start + BATCH])


def rebuild(versions: Iterable[Version] | None = None, *, alias: str | None = None, models=None):
    """Empty the index and index `versions` (by default every published version), then
    `optimize`. `models` (Version, SearchEntry) are the historical models in a migration."""
    version_model, entry_model = models or (Version, SearchEntry)
    alias = alias or router.db_for_write(Version)
    with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
        _backend(alias).clear(cursor)
        entry_model.objects.using(alias).all().delete()
    if versions is None:
        versions = (
            version_model.objects.using(alias)
            .filter(published_on__isnull=False, state="published")
            .only("pk", "title", "doc_number", "text", "published_on")
            .order_by("pk")
            .iterator(chunk_size=BATCH)
        )
    batch = []
    for version in versions:
        batch.append(version)
        if len(batch) >= BATCH:
            _index_batch(alias, batch, entry_model)
            batch = []
    if batch:
        _index_batch(alias, batch, entry_model)
    optimize(alias)


def optimize(alias: str | None = None) -> None:
    """Merge the index after a bulk load (SQLite: FTS5 'optimize'; PostgreSQL: ANALYZE of
    the index and of the versions)."""
    alias = alias or router.db_for_write(Version)
    with connections[alias].cursor() as cursor:
        _backend(alias).optimize(cursor)


# --- searching ------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)  # compared and hashed by identity (see `_restricted`)
class _Search:
    """What `search` decided, kept on the queryset and its clones."""

    terms: tuple[str, ...]
    tiers: tuple[tuple[int, ...], ...]  # keys of the title hits by rank, highest rank first
    titled: dict[int, frozenset[str]]  # the terms in each title hit's title
    order_by: tuple  # the ordering `search` set (the walk serves slices in this order only)


class _Match(Expression):
    """`id IN (every match)`: the plain form of the search condition. The fast paths take it
    out of the WHERE clause and put the ids of one chunk of the walk in its place."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, search: _Search, sql: str, params: list, pk=None) -> None:
        super().__init__()
        self.search, self.sql, self.params = search, sql, list(params)
        self.pk = F("pk") if pk is None else pk

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        return f"{pk_sql} IN ({self.sql})", [*pk_params, *self.params]


class _IdsIn(Expression):
    """`id` in a list of ids, bound as one parameter: `= ANY(array)` on PostgreSQL (which
    looks the ids up; `IN (SELECT unnest(…))` hashes a scan of the table), a JSON array on
    SQLite."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, ids: Sequence[int], pk=None) -> None:
        super().__init__()
        self.ids = [int(pk) for pk in ids]
        self.pk = F("pk") if pk is None else pk

    def get_source_expressions(self):
        return [self.pk]

    def set_source_expressions(self, exprs) -> None:
        (self.pk,) = exprs

    def as_sql(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        return f"{pk_sql} = ANY(%s)", [*pk_params, self.ids]

    def as_sqlite(self, compiler, connection):
        pk_sql, pk_params = compiler.compile(self.pk)
        return f"{pk_sql} IN (SELECT value FROM json_each(%s))", [*pk_params, json.dumps(self.ids)]


class _SearchQuerySet:
    """Mixed into the queryset `search` returns: `count()` (capped at `CAP + 1`) and a slice
    in the search's own order walk the index (see the module docstring)."""

    _search: _Search | None = None

    def _clone(self):
        clone = super()._clone()
        clone._search = self._search
        return clone

    def _restricted(self) -> QuerySet | None:
        """This queryset without the search condition, unordered and unsliced, or None when
        the condition is not a plain AND-ed filter of it (then only the plain query is right)."""
        if self._search is None or self._result_cache is not None or self.query.combinator:
            return None
        clone = self._chain()
        where = clone.query.where
        if where.connector != "AND" or where.negated:
            return None
        for i, child in enumerate(where.children):
            check = getattr(child, "lhs", child)  # filter(expression) wraps it in `exact True`
            if isinstance(check, _Match) and check.search is self._search:
                if check is not child and getattr(child, "rhs", None) is not True:
                    return None
                del where.children[i]
                clone.query.clear_limits()
                clone.query.clear_ordering(force=True)
                clone._prefetch_related_lookups = ()
                return clone
        return None

    def _walk(
        self, base: QuerySet, size: int, *, skip: frozenset = frozenset()
    ) -> Iterator[list[int]]:
        """Chunks of the ids of the matching versions that pass `base`'s filters, newest
        first, the first of `size` keys, then twice as many each time; keys in `skip` are
        left out."""
        backend = _backend(self.db)
        below = None
        while True:
            with connections[self.db].cursor() as cursor:
                keys, below = backend.walk(cursor, self._search.terms, below, size)
            ids = [k & _ID_MASK for k in keys if k not in skip]
            if ids:
                passing = set(base.filter(_IdsIn(ids)).values_list("pk", flat=True))
                yield [pk for pk in ids if pk in passing]
            if below is None:
                return
            size = min(size * 2, 20_000)

    def count(self) -> int:
        base = None if self.query.is_sliced else self._restricted()
        if base is None:
            return super().count()
        total = 0
        for ids in self._walk(base, CAP + 1):
            total += len(ids)
            if total > CAP:
                break
        return min(total, CAP + 1)

    def _title_hits(self, base: QuerySet, high: int) -> list[int]:
        """The ids of the first `high` title hits that match every term and pass `base`'s
        filters, in order (rank, then newest first): checked a batch at a time."""
        backend, search = _backend(self.db), self._search
        top: list[int] = []
        for tier in search.tiers:
            for start in range(0, len(tier), CHUNK):
                if len(top) >= high:
                    return top
                # A title hit matches the terms in its title: the index checks the others.
                by_missing: dict[tuple[str, ...], list[int]] = {}
                for key in tier[start : start + CHUNK]:
                    missing = tuple(t for t in search.terms if t not in search.titled[key])
                    by_missing.setdefault(missing, []).append(key)
                keys = by_missing.pop((), [])
                with connections[self.db].cursor() as cursor:
                    for missing, group in by_missing.items():
                        keys += backend.among(cursor, missing, group)
                ids = [k & _ID_MASK for k in sorted(keys, reverse=True)]
                passing = set(base.filter(_IdsIn(ids)).values_list("pk", flat=True))
                top += [pk for pk in ids if pk in passing]
        return top

    def _page_ids(self, base: QuerySet, low: int, high: int) -> list[int]:
        """The ids of slice [low:high] of the search's order: the title hits, then the walk
        (leaving the title hits out)."""
        top = self._title_hits(base, high)
        page = top[low:high]
        if high > len(top):
            ranked = frozenset(self._search.titled)
            start, stop, seen = max(low - len(top), 0), high - len(top), 0
            for ids in self._walk(base, max(CHUNK, 2 * stop), skip=ranked):
                page += ids[max(start - seen, 0) : stop - seen]
                seen += len(ids)
                if seen >= stop:
                    break
        return page

    def _fetch_all(self) -> None:
        if (
            self._result_cache is None
            and self._iterable_class is ModelIterable
            and self.query.is_sliced
            and self.query.high_mark is not None
            and self._search is not None
            and tuple(self.query.order_by) == self._search.order_by
        ):
            base = self._restricted()
            if base is not None:
                ids = self._page_ids(base, self.query.low_mark, self.query.high_mark)
                rows = base.filter(_IdsIn(ids))
                rows._prefetch_related_lookups = ()
                by_pk = {obj.pk: obj for obj in rows}
                self._result_cache = [by_pk[pk] for pk in ids if pk in by_pk]
                if self._prefetch_related_lookups and not self._prefetch_done:
                    self._prefetch_related_objects()
                return
        super()._fetch_all()


@functools.cache
def _search_class(cls: type[QuerySet]) -> type[QuerySet]:
    return type(f"Search{cls.__name__}", (_SearchQuerySet, cls), {"__module__": __name__})


def search(queryset: QuerySet[Version], query: str) -> QuerySet[Version]:
    """`queryset` filtered to the versions matching `query`, title hits first."""
    if query is None or not str(query).strip():
        return queryset
    terms = query_terms(str(query))
    if not terms:
        return queryset.none()
    backend = _backend(queryset.db)
    titled: dict[int, set[str]] = {}  # title hit → the terms in its title
    with connections[queryset.db].cursor() as cursor:
        for term in terms:
            if len(term) > 1:
                keys = backend.in_titles(cursor, term, RANK_LIMIT + 1)
                if len(keys) <= RANK_LIMIT:
                    for key in keys:
                        titled.setdefault(key, set()).add(term)
    by_rank: dict[int, list[int]] = {}
    for key, found in titled.items():
        by_rank.setdefault(len(found), []).append(key)
    tiers = tuple(tuple(sorted(by_rank[r], reverse=True)) for r in sorted(by_rank, reverse=True))
    natural = tuple(queryset.query.order_by or queryset.model._meta.ordering)
    order_by = ("-search_rank", *natural) if tiers else natural
    # The walk serves slices in the keys' order only: any other ordering, the plain query.
    walked = order_by if natural == NATURAL else ("<not walked>",)
    info = _Search(tuple(terms), tiers, {k: frozenset(v) for k, v in titled.items()}, walked)
    rank = (
        Case(
            *(
                When(pk__in=[k & _ID_MASK for k in tier], then=Value(len(tiers) - i))
                for i, tier in enumerate(tiers)
            ),
            default=Value(0),
            output_field=IntegerField(),
        )
        if tiers
        else Value(0, output_field=IntegerField())
    )
    queryset = queryset.filter(_Match(info, *backend.all_ids(terms)))
    queryset = queryset.annotate(search_rank=rank).order_by(*order_by)
    if not isinstance(queryset, _SearchQuerySet):
        queryset.__class__ = _search_class(type(queryset))
    queryset._search = info
    return queryset


def search_count(queryset, n: int | None = None) -> tuple[int, bool]:
    """(count, capped) of a `search` result: at most `CAP`, and whether there are more. `n` is
    its `count()` when already known (a Paginator's, say)."""
    if n is None:
        n = queryset.count() if isinstance(queryset, QuerySet) else len(queryset)
    if isinstance(queryset, _SearchQuerySet) and queryset._search is not None and n > CAP:
        return CAP, True
    return n, False
