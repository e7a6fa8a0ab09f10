"""The one store of what a run may skip, memoized by a hash of the inputs (`build/.cache.sqlite`).

- pages: for each job, each page's key (the hash of everything its work depends on: the tool's
  version, the config, the page, its catalogs, the options) and what that work reported. A page
  whose key is unchanged, and whose outputs are still the bytes written then, is not redone: its
  findings are replayed (`PageCache`). The key is taken from the state a run leaves behind, so the
  next run sees its own writes as unchanged. The links check keeps each page's dead links there
  too, as the job "links" (`run.dead_links.PageLinks`).
- units: each projection's units (`Store.memo` wraps segmentation from outside);
- reviews: each catalog's review, by `run.reviews.key`;
- pairs: each catalog's translated pairs for the translation memory, by the hash of its bytes;
- labels: the glossary labels a page and its catalog may name, by their hashes and the glossary's
  labels (`run.glossaries.relevant`);
- facts: what loading found of each page (`site.PageFacts`), by page.

Safe to delete at any time; a damaged file is started afresh; never trusted for anything else.
"""
from __future__ import annotations

import hashlib
import json
import os
import pathlib
import sys
import zlib
from typing import Callable, Iterable

from pipeline import __version__
from pipeline.files import signature
from pipeline.model import MAX_FALLBACKS_LISTED, L10nError, PageRow, Report, SourceError, units_from_json, units_to_json

FORMAT = 14


def digest(*parts: bytes | str | None) -> str:
    return digest_of(parts)


def digest_of(parts: Iterable[bytes | str | None]) -> str:
    """`digest` of parts taken one at a time: a whole tree's files are never in memory at once."""
    h = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    for part in parts:
        data = b"\0none" if part is None else part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_bytes(path: pathlib.Path) -> bytes | None:
    """A file's bytes for a cache key; for a symlink, where it points and the target's size and
    time instead, so that a link out of the tree is never read (the job refuses it)."""
    try:
        if path.is_symlink():
            return f"symlink {os.readlink(path)} {signature(path)}".encode()
        return path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:  # a folder named x.po, an unreadable file: the job reports it
        return f"unreadable: {err}".encode()


class PageCache:
    """One job's page entries in the store: each read when its page comes up, saved when the job
    ends. Only the entries of the pages redone stay in memory (10,000 decoded entries would not)."""

    def __init__(self, store: "Store", job: str):
        self.store, self.job = store, job
        self.known = store.page_names(job)  # the pages the last run left an entry for
        self.kept: set[str] = set()  # pages whose stored entry holds for this run too
        self.fresh: dict[str, bytes] = {}  # entries of the pages redone, as stored (see `entry`)
        self.signatures: dict[str, list[int]] = {}  # of the kept pages' outputs, as `get` found them
        self._order: list[str] = []  # the pages `expect`ed, and where each is in that order
        self._at: dict[str, int] = {}
        self._ahead: dict[str, bytes] = {}  # entries read with the page asked for, for the pages after it

    def expect(self, pages: Iterable[str]) -> None:
        """The pages `stored` will be asked for, in this order: their entries are read a few
        hundred at a time (a query each took a tenth of a run that changed one page)."""
        self._order = [page for page in pages if page in self.known]
        self._at = {page: i for i, page in enumerate(self._order)}
        self._ahead = {}

    def stored(self, page: str, key: str | None = None):
        """A page's entry as the last run left it (`pack`), decoded; None when there is none, it is
        damaged, or (with `key`) it was made under another key (found without decoding it)."""
        if page not in self.known:
            data = None
        elif page in self._ahead:
            data = self._ahead.pop(page)
        elif page in self._at:
            start = self._at[page]
            self._ahead = self.store.page_entries(self.job, self._order[start:start + self.store.BATCH])
            data = self._ahead.pop(page, None)
        else:
            data = self.store.page_entry(self.job, page)
        try:
            text = zlib.decompress(data) if data is not None else None
            if text is None or key is not None and not text.startswith(_key_prefix(key)):
                return None
            return json.loads(text)
        except (ValueError, TypeError, zlib.error):
            return None

    def get(self, page: str, key: str) -> dict | None:
        entry = self.stored(page, key)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        outputs = entry.get("outputs") or {}
        for name, seen in outputs.items():
            if seen is None or signature(name) != seen:
                return None  # an output was changed or removed by hand (or never written): redo the page
        self.kept.add(page)
        self.signatures.update((sys.intern(name), seen) for name, seen in outputs.items())  # `load` interns them too
        return entry

    @staticmethod
    def entry(key: str, data: dict, outputs: Iterable[pathlib.Path | str] = ()) -> bytes:
        """What `get` will check next time: the key, the findings, each output's size and mtime
        (as make does: a hand edit changes them, and checking costs a stat, not a read); as stored,
        compressed JSON: a page's findings are kilobytes of repetitive JSON, and the entries of a
        cold run's 10,000 pages wait in memory until the job ends (150 MB as text, 13 compressed)."""
        rest = _json({"data": data, "outputs": {str(p): signature(p) for p in outputs}})
        return zlib.compress(_key_prefix(key) + b", " + rest[1:], 1)  # the key first (see `stored`)

    @staticmethod
    def pack(entry: object) -> bytes:
        """An entry as stored: compressed JSON (`stored` reads it back)."""
        return zlib.compress(_json(entry), 1)

    def save(self, worked: bool = True) -> bool:
        """Keeps the entries of this run only: pages gone from the source leave the cache too.
        A run that changed no file starts no entries either (`worked`), so it leaves no trace.
        True when the entries are in the store."""
        if not worked and not self.known:
            return False
        return self.store.save_pages(self.job, self.known, self.kept, self.fresh)


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode("utf-8")


def _key_prefix(key: str) -> bytes:
    """How a page entry starts (`PageCache.entry`): its key first, so that an entry made under
    another key (the site-wide links check's, megabytes at 10,000 pages) is refused undecoded."""
    return b'{"key": ' + _json(key)


def pairs_key(file_hash: str | None) -> str:
    """The store's key of a catalog's pairs for the translation memory: the hash of its bytes."""
    return digest("pairs", file_hash)


PROBLEM = ("kind", "path", "line", "message", "in", "check", "detail", "ref", "rejected")  # a problem's row


def dump(report: Report) -> dict:
    """A page's findings, as JSON the next run can replay (`load`)."""
    from pipeline.delivery.stats import FIELDS

    def problem(p: L10nError, where: str) -> list:  # a row of PROBLEM: 40,000 warnings as dicts take 40 MB
        return [type(p).__name__, p.path, p.line, p.message, where, p.check, p.detail, p.ref, p.rejected]

    return {
        "units": report.units, "files": report.written + report.unchanged,
        # a rejected translation's problem is listed as an error or a warning too (see run.reviews)
        "problems": [problem(p, "errors") for p in report.errors] + [problem(p, "warnings") for p in report.warnings],
        "pages_stats": report.pages_stats, "unpublished": report.unpublished,
        "fallbacks": _fallback_rows(report.fallbacks),
        "unlinked": report.unlinked, "kept": sorted(report.kept),
        "pairs": [[r, lang, [getattr(counts, name) for name in FIELDS]] for (r, lang), counts in report.pairs.items()],
        "expected": [[r, lang, sorted(paths)] for (r, lang), paths in report.expected.items()],
        "labels": [list(row) for row in report.labels],
    }


def _fallback_rows(fallbacks: list[dict]) -> dict:
    """The units a page shows in the source language, each msgid once: a page lists the same few
    for each of its 7 outputs (they were a third of a build's page entries)."""
    msgids: dict[str, int] = {}
    rows = [[f["region"], f["lang"], f["page"], f["line"], msgids.setdefault(f["msgid"], len(msgids))]
            for f in fallbacks]
    return {"msgids": list(msgids), "rows": rows}


def load(data: dict, into: Report | None = None) -> Report:
    """The report `dump` stored (or the parts of it a run record keeps, `replay.REPLAYED`); with
    `into`, added to that report as `Report.merge` would add it: the findings of the 9,000 pages a
    run keeps go straight into its report (nothing is built to be thrown away: past the listed
    fallbacks, a page's rows are not even made)."""
    from pipeline.delivery.stats import Counts
    report = into if into is not None else Report()
    report.units += data["units"]
    report.unchanged += data["files"]  # replayed: nothing was rewritten
    for row in data["problems"]:
        item = dict(zip(PROBLEM, row))
        cls = SourceError if item["kind"] == "SourceError" else L10nError
        problem = cls(item["path"], item["line"], item["message"], item["check"], item["detail"], item["ref"])
        getattr(report, item["in"]).append(problem)
        if item["rejected"]:
            problem.rejected = True
            report.rejected.append(problem)
    report.pages_stats.extend(PageRow(*row) for row in data.get("pages_stats", ()))
    report.unpublished.extend(PageRow(*row) for row in data["unpublished"])
    fallbacks = data.get("fallbacks", {"msgids": [], "rows": []})
    msgids, room = fallbacks["msgids"], MAX_FALLBACKS_LISTED - len(report.fallbacks)
    report.fallbacks.extend({"lang": lang, "line": line, "msgid": msgids[i], "page": page, "region": region}
                            for region, lang, page, line, i in fallbacks["rows"][:max(room, 0)])
    report.unlinked.extend(data.get("unlinked", ()))
    report.kept.update(data.get("kept", ()))
    for region, lang, counts in data["pairs"]:
        found = Counts(*counts)  # stored in FIELDS' order, Counts' own
        if (region, lang) in report.pairs:
            report.pairs[(region, lang)].add(found)
        else:
            report.pairs[(region, lang)] = found
    for region, lang, paths in data.get("expected", ()):
        report.expected.setdefault((region, lang), set()).update(map(sys.intern, paths))  # one copy each
    report.labels.extend(data.get("labels", []))
    return report


# What the store memoizes per projection text: table -> (to JSON, from JSON).
ROWS = (lambda rows: json.dumps(rows, ensure_ascii=False), lambda data: [tuple(row) for row in json.loads(data)])
MEMOS: dict[str, tuple[Callable[[list], str], Callable[[str], list]]] = {
    "units": (units_to_json, units_from_json),
    "code": ROWS,  # (start, end) of each code block
    "links": ROWS,  # (start, target) of each link
}


class Store:
    """The SQLite file behind every cache of a run. Units are looked up one projection at a time
    (memory stays flat on large trees) by the hash of its text and of the segmentation rules, so
    `build` reuses what `extract` found; the last few hundred are kept decoded in memory (pages
    that share a projection cost one decode). Workers may write at once. Nothing is written that
    is already there, so a run that changes nothing leaves the file's bytes alone."""

    RECENT = 256  # projections kept decoded: enough for pages that share one, and flat in memory
    BATCH = 256  # rows written in one transaction (`flush`): a commit for each took a twentieth of a cold extract

    def __init__(self, folder: pathlib.Path, rules: object = None):
        self.path = folder / ".cache.sqlite"
        self.salt = ""
        if rules is not None:
            self.use_rules(rules)
        self._db = None
        self._pid = None
        self._recent: dict[tuple[str, str], list] = {}
        self._keys: dict[str, str] = {}  # the last few projections' keys: a text is looked up and kept in two tables
        self._pending: dict[tuple[str, str], str] = {}  # (table, key) -> data: rows not yet written
        self.problem: Exception | None = None  # why the cache could not be used, if it could not

    def use_rules(self, rules: object) -> None:
        """The segmentation rules the units and code blocks stored are keyed by (known once the
        site is loaded, after its facts were read from here)."""
        self.salt = json.dumps([rules.front_matter, rules.attributes, sorted(rules.structural)])  # stable across runs
        self._keys = {}

    def _key(self, text: str) -> str:
        """A projection's key (the hash of its text and the rules), hashed once for its units and
        its code blocks, each looked up and then kept."""
        key = self._keys.get(text)
        if key is None:
            if len(self._keys) >= 8:
                self._keys.clear()
            key = self._keys[text] = digest(self.salt, text)
        return key

    def _remember(self, key: tuple[str, str], found: list) -> list:
        if len(self._recent) >= self.RECENT:
            self._recent.clear()
        self._recent[key] = found
        return found

    def _connect(self):
        """The connection of this process, or None when the cache cannot be used at all (a folder
        in its place, a full disk): the run goes on without it, and says so (`problem`)."""
        import os
        import sqlite3
        if self.problem is not None:
            return None
        if self._db is None or self._pid != os.getpid():  # a forked worker opens its own connection
            for attempt in (1, 2):
                try:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                    self._db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                    self._db.execute("PRAGMA synchronous = OFF")  # a cache: speed over surviving a power cut
                    self._db.execute("PRAGMA journal_mode = MEMORY")  # no journal file made and removed per write
                    for table in MEMOS:
                        self._db.execute(f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
                    self._db.execute("CREATE TABLE IF NOT EXISTS reviews (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
                    self._db.execute("CREATE TABLE IF NOT EXISTS pairs (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
                    self._db.execute("CREATE TABLE IF NOT EXISTS labels (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
                    self._db.execute("CREATE TABLE IF NOT EXISTS facts (page TEXT PRIMARY KEY, data TEXT NOT NULL)")
                    self._db.execute("CREATE TABLE IF NOT EXISTS pages (job TEXT, page TEXT, entry BLOB NOT NULL, "
                                     "PRIMARY KEY (job, page))")
                    break
                except (sqlite3.Error, OSError) as err:
                    self._db = None
                    if attempt == 2:
                        self.problem = err
                        return None
                    self._reset()  # not a database any more: start afresh
            self._pid = os.getpid()
        return self._db

    def ready(self) -> bool:
        """Opens the cache now (before workers fork), so a problem is known to this process."""
        return self._connect() is not None

    def _run(self, sql: str, args: tuple = (), many: bool = False, flush: bool = True):
        """One statement, after the rows not yet written (unless a lookup that reads them itself);
        None when the cache failed (a damaged file is started afresh)."""
        if flush and self._pending:
            self.flush()
        db = self._connect()
        if db is None:
            return None
        import sqlite3
        try:
            return db.executemany(sql, args) if many else db.execute(sql, args)
        except sqlite3.OperationalError as err:  # a full disk, a read-only file: said, then done without
            self.problem, self._db = err, None
            return None
        except Exception:  # a damaged file (not a database any more): only a slower run, started afresh
            self._reset()
            return None

    def memo(self, table: str, find: Callable[[str], list]) -> Callable[[str], list]:
        """`find` (a function of a projection's text: its units, its code blocks) that looks the
        answer up here first, in `table`, and keeps what it finds."""
        def memoized(text: str) -> list:
            found = self.get(table, text)
            if found is None:
                found = find(text)
                self.put(table, text, found)
            return found
        return memoized

    def get(self, table: str, text: str):
        key = self._key(text)
        if (table, key) in self._recent:
            return self._recent[table, key]
        data = self._lookup(table, key)
        return None if data is None else self._remember((table, key), MEMOS[table][1](data))

    def put(self, table: str, text: str, found: list) -> None:
        key = self._key(text)
        self._remember((table, key), found)
        self._keep(table, key, MEMOS[table][0](found))

    def _lookup(self, table: str, key: str) -> str | None:
        """A row's data, written or not yet."""
        if (table, key) in self._pending:
            return self._pending[table, key]
        cursor = self._run(f"SELECT data FROM {table} WHERE key = ?", (key,), flush=False)
        row = cursor.fetchone() if cursor else None
        return row[0] if row else None

    def _keep(self, table: str, key: str, data: str) -> None:
        """A row to write with the next batch; as INSERT OR IGNORE, the first row of a key stays."""
        self._pending.setdefault((table, key), data)
        if len(self._pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Writes the rows `put`, `put_review` and `put_pairs` keep, in one transaction. A worker
        flushes after each chunk of pages, a job before its workers start and when it ends."""
        if not self._pending:
            return
        rows, self._pending = self._pending, {}
        by_table: dict[str, list[tuple[str, str]]] = {}
        for (table, key), data in rows.items():
            by_table.setdefault(table, []).append((key, data))
        if self._run("BEGIN IMMEDIATE", flush=False) is None:  # the write lock first: workers wait, never deadlock
            return
        for table, values in by_table.items():
            if self._run(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", values, many=True, flush=False) is None:
                return
        self._run("COMMIT", flush=False)

    def page_names(self, job: str) -> set[str]:
        """The pages a job's last run left an entry for (see `PageCache`)."""
        cursor = self._run("SELECT page FROM pages WHERE job = ?", (job,))
        return {page for (page,) in cursor.fetchall()} if cursor else set()

    def page_entry(self, job: str, page: str) -> bytes | None:
        """A page's entry as stored (`PageCache.entry`)."""
        cursor = self._run("SELECT entry FROM pages WHERE job = ? AND page = ?", (job, page))
        row = cursor.fetchone() if cursor else None
        return row[0] if row else None

    def page_entries(self, job: str, pages: list[str]) -> dict[str, bytes]:
        """`page_entry` of each of a few hundred pages, in one query."""
        marks = ", ".join("?" * len(pages))
        cursor = self._run(f"SELECT page, entry FROM pages WHERE job = ? AND page IN ({marks})", (job, *pages))
        return dict(cursor.fetchall()) if cursor else {}

    def save_pages(self, job: str, known: set[str], kept: set[str], fresh: dict[str, bytes]) -> bool:
        """Writes the `fresh` entries that differ from the stored ones and drops the entries of the
        pages `known` from the last run that are neither `kept` nor fresh; True when stored."""
        changed = [(job, page, text) for page, text in sorted(fresh.items())
                   if page not in known or self.page_entry(job, page) != text]
        gone = [(job, page) for page in sorted(known - kept - fresh.keys())]
        if changed and self._run("INSERT OR REPLACE INTO pages VALUES (?, ?, ?)", changed, many=True) is None:
            return False
        if gone and self._run("DELETE FROM pages WHERE job = ? AND page = ?", gone, many=True) is None:
            return False
        return self._connect() is not None

    def page_facts(self) -> dict[str, str]:
        """What the last load found of each page (`site.PageFacts`, as JSON), by page: read at once.
        None made when there is no store yet (a load that fails leaves no build folder behind)."""
        if not self.path.is_file():
            return {}
        cursor = self._run("SELECT page, data FROM facts")
        return dict(cursor.fetchall()) if cursor else {}

    def save_page_facts(self, facts: dict[str, str | None], known: Iterable[str]) -> None:
        """Keeps the facts that changed (None: unchanged) and drops those of the pages `known`
        from the last load that are gone, in one transaction."""
        changed = [(page, data) for page, data in sorted(facts.items()) if data is not None]
        gone = [(page,) for page in sorted(set(known) - facts.keys())]
        if not changed and not gone:
            return
        if self._run("BEGIN") is None:
            return
        if changed and self._run("INSERT OR REPLACE INTO facts VALUES (?, ?)", changed, many=True) is None:
            return
        if gone and self._run("DELETE FROM facts WHERE page = ?", gone, many=True) is None:
            return
        self._run("COMMIT")

    def get_review(self, key: str) -> str | None:
        """A catalog's review (`review.Review.as_json`) by `run.reviews.key`: extract reviews each catalog
        it writes, so the build reads neither the PO file with polib nor runs the checks again."""
        return self._lookup("reviews", key)

    def put_review(self, key: str, data: str) -> None:
        self._keep("reviews", key, data)

    def pairs_of_keys(self, keys: Iterable[str]) -> dict[str, list[tuple[str, str]]]:
        """Catalogs' translated (msgid, msgstr) pairs for the translation memory, by the hash of each
        catalog's bytes, for the keys the store has (written or not yet): an extract reads with the
        strict reader only the catalogs that changed. One scan of the table (the memory of 10,000
        pages asks for 30,000 catalogs; a query each took a second), rows decoded only when wanted."""
        wanted = set(keys)
        found = {key: data for (table, key), data in self._pending.items() if table == "pairs" and key in wanted}
        cursor = self._run("SELECT key, data FROM pairs", flush=False)
        for key, data in cursor or ():
            if key in wanted and key not in found:
                found[key] = data
        return {key: [tuple(pair) for pair in json.loads(data)] for key, data in found.items()}

    def put_pairs(self, key: str, pairs: list[tuple[str, str]]) -> None:
        self._keep("pairs", key, json.dumps(pairs, ensure_ascii=False))

    def get_labels(self, key: str) -> list[str] | None:
        """The glossary labels matched in a page and its catalog (`run.glossaries.relevant`)."""
        data = self._lookup("labels", key)
        return json.loads(data) if data is not None else None

    def put_labels(self, key: str, labels: list[str]) -> None:
        self._keep("labels", key, json.dumps(labels, ensure_ascii=False))

    def prune_labels(self, keys: Iterable[str]) -> None:
        """Drops the labels of page and catalog versions that are gone."""
        self._prune("labels", set(keys))

    def prune_pairs(self, keys: Iterable[str]) -> None:
        """Drops the pairs of catalog versions that are gone."""
        self._prune("pairs", set(keys))

    def prune_reviews(self, keys: Iterable[str]) -> None:
        """Drops the reviews of catalog texts that are gone."""
        self._prune("reviews", set(keys))

    def _prune(self, table: str, keep: set[str]) -> None:
        if not self.path.is_file():
            return
        cursor = self._run(f"SELECT key FROM {table}")
        gone = [(key,) for (key,) in (cursor.fetchall() if cursor else []) if key not in keep]
        if gone:  # a run that changes nothing leaves the file's bytes alone
            self._run(f"DELETE FROM {table} WHERE key = ?", gone, many=True)

    def _reset(self) -> None:
        """Starts the cache afresh: the file is damaged (or not a database)."""
        self._db = None
        try:
            self.path.unlink()
        except OSError:
            pass

    def crowded(self, table: str, used: int) -> bool:
        """`table` holds a fifth more rows than `used`, an upper bound of those still in use: time
        to prune it (what a few changed pages replaced can wait for a later run)."""
        cursor = self._run(f"SELECT count(*) FROM {table}")
        return cursor is not None and cursor.fetchone()[0] > used * 1.2

    def prune(self, texts: Iterable[str]) -> None:
        """Drops what the store keeps of projections no page shows any more (see MEMOS)."""
        keep = {digest(self.salt, text) for text in texts}
        for table in MEMOS:
            self._prune(table, keep)
