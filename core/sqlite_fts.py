"""Word search on SQLite: an FTS5 index beside a table, kept current by triggers.

PostgreSQL searches its stored tsvector columns (films.models.search); SQLite has no
tsvector, so each searched table gets an FTS5 "external content" index over the same
text columns. The index stores words only (the text stays in the table), the triggers
update it in the statement that changes a row (admin, importer, API, loaddata or raw
SQL alike), and `MATCH` finds whole words, stemmed with the Porter stemmer as
PostgreSQL's "english" configuration stems them.

The index is created by a post_migrate hook rather than a migration because Django's
SQLite schema editor rebuilds a table to alter a column (create a copy, drop the old
one, rename): dropping the old table drops its triggers, and the index would silently
stop following edits. After every `migrate` (and so for the test database too), the hook
puts back any missing trigger and, if it had to, rebuilds the index from the table.
"""

from dataclasses import dataclass

from django.db.backends.base.base import BaseDatabaseWrapper


@dataclass(frozen=True)
class FullTextIndex:
    table: str  # the indexed table; its integer primary key is "id"
    columns: tuple[str, ...]
    # bm25() weight of each column, in order: a match in a title outranks one in a body.
    weights: tuple[float, ...]

    @property
    def name(self) -> str:
        return f"{self.table}_fts"

    def ranked_sql(self, candidates: str) -> str:
        """SQL for the ids of the best candidates, best first. `candidates` is a query
        of (id, bonus) rows; the parameters are its own, then `MATCH %s` and `LIMIT %s`.

        One scan of the index scores them all: bm25() works out how rare each word is
        once per statement, so scoring row by row (a subquery per row) costs a scan
        of the index for every row. `+rowid` keeps SQLite from turning the IN into one
        index look-up (and one such scan) per candidate.
        """
        weights = ", ".join(str(weight) for weight in self.weights)
        return (
            f"WITH candidates(id, bonus) AS ({candidates}) "
            "SELECT candidates.id FROM candidates LEFT JOIN ("
            f"SELECT rowid AS id, -bm25({self.name}, {weights}) AS score FROM {self.name} "
            f"WHERE {self.name} MATCH %s AND +rowid IN (SELECT id FROM candidates)"
            ") AS scores ON scores.id = candidates.id "
            "ORDER BY COALESCE(scores.score, 0) + candidates.bonus DESC, candidates.id "
            "LIMIT %s"
        )

    def ids_sql(self) -> str:
        """SQL for the ids of the rows whose words match `MATCH %s`."""
        return f"SELECT rowid FROM {self.name} WHERE {self.name} MATCH %s"

    def _trigger_sql(self) -> dict[str, str]:
        columns = ", ".join(self.columns)
        new = ", ".join(f"new.{column}" for column in self.columns)
        old = ", ".join(f"old.{column}" for column in self.columns)
        insert = f"INSERT INTO {self.name}(rowid, {columns}) VALUES (new.id, {new});"
        # An external-content index forgets a row when told its old words.
        delete = (
            f"INSERT INTO {self.name}({self.name}, rowid, {columns}) "
            f"VALUES ('delete', old.id, {old});"
        )
        return {
            f"{self.name}_insert": f"AFTER INSERT ON {self.table} BEGIN {insert} END",
            f"{self.name}_delete": f"AFTER DELETE ON {self.table} BEGIN {delete} END",
            f"{self.name}_update": (
                f"AFTER UPDATE OF {columns} ON {self.table} BEGIN {delete} {insert} END"
            ),
        }

    def ensure(self, connection: BaseDatabaseWrapper) -> bool:
        """Create the index and its triggers where missing; True if anything was made."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'trigger')"
            )
            present = {name for _kind, name in cursor.fetchall()}
            if self.table not in present:
                return False  # migrated only part of the way
            made = False
            if self.name not in present:
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {self.name} USING fts5("
                    f"{', '.join(self.columns)}, content='{self.table}', content_rowid='id', "
                    "tokenize='porter unicode61 remove_diacritics 2')"
                )
                made = True
            for trigger, body in self._trigger_sql().items():
                if trigger not in present:
                    cursor.execute(f"CREATE TRIGGER {trigger} {body}")
                    made = True
            if made:
                # Rows written while a trigger was missing: read the table again.
                cursor.execute(f"INSERT INTO {self.name}({self.name}) VALUES ('rebuild')")
        return made


def ensure_indexes(indexes: tuple[FullTextIndex, ...], using: str) -> None:
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    for index in indexes:
        index.ensure(connection)
