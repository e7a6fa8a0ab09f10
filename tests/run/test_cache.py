"""The on-disk cache: unchanged pages are not redone, changed ones are, and it never changes a byte."""
import contextlib
from conftest import tree_bytes
from pipeline import site as site_mod
from pipeline.run import build as build_job, extract as extract_job
from pipeline.settings import config as config_mod


def forget_pages(demo):
    """The store keeps its units and reviews; no page is known done (and no run to replay)."""
    import sqlite3
    with sqlite3.connect(demo / "build/.cache.sqlite") as db:
        db.execute("DELETE FROM pages")
    for record in (demo / "build").glob(".cache-*-run"):
        record.unlink()


def pages(demo):
    return len(list((demo / "source/content").rglob("*.md")))


def run(demo, monkeypatch, job):
    done = []
    module = build_job if job == "build" else extract_job
    real = module._build_page if job == "build" else module._extract_page
    monkeypatch.setattr(module, "_build_page" if job == "build" else "_extract_page",
                        lambda *a, **k: done.append(a[1].rel if job == "build" else a[1].page.rel) or real(*a, **k))
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    report = build_job.build(site) if job == "build" else extract_job.extract(site)
    return sorted(done), report


def test_only_changed_pages_are_redone(demo, monkeypatch):
    first, full = run(demo, monkeypatch, "build")
    assert len(first) == pages(demo)
    page = demo / "source/content/login/password_reset.md"
    page.write_text(page.read_text(encoding="utf-8").replace("パスワード", "パスワード ", 1), encoding="utf-8")
    again, report = run(demo, monkeypatch, "build")
    assert again == ["login/password_reset.md"]
    assert len(report.pages_stats) == len(full.pages_stats)  # replayed pages still count
    assert {p: c.units for p, c in report.pairs.items()} == {p: c.units for p, c in full.pairs.items()}
    po = demo / "locales/zh/search_result.po"
    po.write_text(po.read_text(encoding="utf-8").replace('msgstr "', 'msgstr "（', 1), encoding="utf-8")
    assert run(demo, monkeypatch, "build")[0] == ["search_result.md"]


def add_paragraph(demo, name):
    page = demo / "source/content" / name
    page.write_text(page.read_text(encoding="utf-8") + "\n新しい段落です。\n", encoding="utf-8")


def test_extract_skips_pages_whose_source_and_catalogs_are_unchanged(demo, monkeypatch):
    assert len(run(demo, monkeypatch, "extract")[0]) == pages(demo)  # a fresh tree: the cache starts
    assert run(demo, monkeypatch, "extract")[0] == []
    add_paragraph(demo, "_index.md")
    assert run(demo, monkeypatch, "extract")[0] == ["_index.md"]


def test_an_extract_that_changes_nothing_adds_no_byte_to_a_built_tree(demo, monkeypatch):
    run(demo, monkeypatch, "build")
    before = tree_bytes(demo)
    assert len(run(demo, monkeypatch, "extract")[0]) == pages(demo)
    assert tree_bytes(demo) == before
    add_paragraph(demo, "search_result.md")
    assert len(run(demo, monkeypatch, "extract")[0]) == pages(demo)  # it writes: its cache starts
    assert run(demo, monkeypatch, "extract")[0] == []


def test_replayed_findings_equal_fresh_ones_and_deleting_the_cache_changes_no_byte(demo, l10n):
    first = l10n("build", code=None).output
    outputs = tree_bytes(demo / "build")
    second = l10n("build", code=None).output
    n = len([name for name in outputs if name.endswith(".md")])
    assert second.replace(f"0 outputs written, {n} unchanged", "X") == first.replace(f"{n} outputs written, 0 unchanged", "X")
    for cache in (demo / "build").glob(".cache*"):
        cache.unlink()
    l10n("build", code=None)
    after = tree_bytes(demo / "build")
    assert {k: v for k, v in after.items() if not k.startswith(".cache")} == \
        {k: v for k, v in outputs.items() if not k.startswith(".cache")}


def test_an_output_changed_by_hand_is_rebuilt(demo, l10n, monkeypatch):
    l10n("build")
    out = demo / "build/US/en/search_result.md"
    good = out.read_bytes()
    out.write_text("edited by hand", encoding="utf-8")
    assert run(demo, monkeypatch, "build")[0] == ["search_result.md"]
    assert out.read_bytes() == good


def test_units_found_by_extract_are_reused_by_build(demo, monkeypatch):
    from pipeline import site as site_module
    run(demo, monkeypatch, "extract")
    segmented = []
    real = site_module.segment
    monkeypatch.setattr(site_module, "segment", lambda *a: segmented.append(1) or real(*a))
    forget_pages(demo)
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    build_job.build(site, langs=["en", "zh"])
    assert segmented == []  # every projection en and zh show was segmented by extract already


def count_parses(monkeypatch) -> list[str]:
    """The bodies markdown-it-py parses from now on (none remembered from earlier in the test)."""
    from pipeline.segmentation import markdown
    parser, parsed = markdown.block_parser(), []

    class Counting:
        def parse(self, body):
            parsed.append(body)
            return parser.parse(body)

    markdown.block_tokens.cache_clear()
    monkeypatch.setattr(markdown, "block_parser", lambda: Counting())
    return parsed


def test_extract_parses_each_projection_once_and_the_build_reads_its_findings(demo, monkeypatch):
    from pipeline.reading.frontmatter import front_matter_end
    from pipeline.reading.projection import project
    from pipeline.segmentation import markdown
    parsed = count_parses(monkeypatch)
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    extract_job.extract(site)
    bodies = {text[front_matter_end(text):] for text in (project(p.text, r).text for p in site.pages
                                                         for r in site.config.regions if p.published_in(r))}
    assert sorted(parsed) == sorted(bodies)
    found = []
    real = markdown.code_blocks
    monkeypatch.setattr(markdown, "code_blocks", lambda text: found.append(text) or real(text))
    monkeypatch.setattr(site_mod, "segment", lambda *a: found.append(a[0]))
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    report = build_job.build(site)
    assert report.written and report.dead_links  # the links check ran, on the code blocks extract found
    assert found == []


def test_a_damaged_units_cache_is_started_afresh(demo, l10n):
    l10n("build")
    before = tree_bytes(demo / "build")
    (demo / "build/.cache.sqlite").write_bytes(b"not a database")
    l10n("build")
    assert {k: v for k, v in tree_bytes(demo / "build").items() if not k.startswith(".cache")} == \
        {k: v for k, v in before.items() if not k.startswith(".cache")}


def test_the_build_takes_the_reviews_extract_made_and_they_equal_fresh_ones(demo, l10n, monkeypatch):
    import shutil
    import polib
    from pipeline.po import review
    po_path = demo / "locales/en/login/troubleshoot_second.po"
    po = polib.pofile(str(po_path), wrapwidth=0)
    bad = next(e for e in po if e.msgstr and not e.obsolete and not e.fuzzy and e.msgctxt is None)
    bad.msgstr += " <script>alert(1)</script>"
    po.save(str(po_path))
    add_paragraph(demo, "login/troubleshoot_second.md")  # so extract rewrites the catalog from memory
    l10n("extract")
    text = po_path.read_text(encoding="utf-8")
    assert "新しい段落です。" in text
    msgstr_line = text[:text.index("<script>")].count("\n") + 1
    parsed = []
    real = review.load
    monkeypatch.setattr(review, "load", lambda *a: parsed.append(a[0]) or real(*a))
    with_reviews = l10n("build", code=None).output
    assert parsed == []  # no catalog read with polib
    assert f"locales/en/login/troubleshoot_second.po:{msgstr_line}: warning: injection:" in with_reviews
    shutil.rmtree(demo / "build")
    fresh = l10n("build", code=None).output
    assert parsed and fresh == with_reviews


def test_a_partly_cached_build_reports_what_a_cold_one_does_in_the_same_order(demo, l10n):
    for name in ("zh/search_result.po", "en/_index.po", "zh/login/password_reset.po"):  # findings on three pages
        po = demo / "locales" / name
        text = po.read_text(encoding="utf-8")
        at = text.index('msgstr "', text.index("\n\n")) + len('msgstr "')
        po.write_text(text[:at] + "<script>x</script>" + text[at:], encoding="utf-8")
    l10n("build", code=None)
    add_paragraph(demo, "login/troubleshoot_second.md")  # one page redone, and the links check
    partly = l10n("build", code=None).output
    for cache in (demo / "build").glob(".cache*"):
        cache.unlink()
    cold = l10n("build", code=None).output

    def findings(output):
        return [line for line in output.splitlines() if "warning:" in line or "error:" in line]
    assert findings(partly) == findings(cold)
    assert "dead link" in findings(cold)[0] and sum("injection" in line for line in findings(cold)) == 3


def test_the_config_named_another_way_loses_no_output(demo, monkeypatch, tmp_path):
    """A cache may only skip work: it never decides that an output is stale, nor that a missing one
    needs no writing, whatever spelling of the config's path a run was given."""
    from click.testing import CliRunner
    from pipeline.cli import main

    def build(config: str, cwd):
        monkeypatch.chdir(cwd)
        result = CliRunner().invoke(main, ["--config", config, "build"])
        assert result.exit_code == 0, result.output
        return result.output

    def outputs():
        return {name: data for name, data in tree_bytes(demo / "build").items() if name.endswith(".md")}

    build("l10n.yaml", demo)
    before = outputs()
    build(str(demo / "l10n.yaml"), tmp_path)
    build("site/l10n.yaml", demo.parent)
    last = build("./l10n.yaml", demo)
    assert "stale removed" not in last and outputs() == before
    for path in (demo / "build").rglob("*.md"):
        path.unlink()  # gone by hand: the next run writes them back, cache or not
    assert f"{len(before)} outputs written" in build("l10n.yaml", demo)
    assert outputs() == before


def test_a_store_the_disk_refuses_is_a_warning_and_the_run_is_not_replayed(demo, l10n, monkeypatch):
    import sqlite3

    from pipeline.run import cache

    real = cache.Store._connect

    class Full:  # a connection whose writes the disk refuses
        def __init__(self, db):
            self.db = db

        def execute(self, sql, args=()):
            if sql.startswith(("INSERT", "DELETE")):
                raise sqlite3.OperationalError("database or disk is full")
            return self.db.execute(sql, args)

        executemany = execute

    monkeypatch.setattr(cache.Store, "_connect", lambda self: (lambda db: db and Full(db))(real(self)))
    output = l10n("extract").output  # exit 0: the work itself was done
    assert "build/.cache.sqlite: warning: cache not usable (database or disk is full)" in output
    assert (demo / "build/.cache.sqlite").exists() and not (demo / "build/.cache-extract-run").exists()


def test_an_extract_after_one_page_changed_reads_only_that_pages_catalogs(demo, l10n, monkeypatch):
    """The translation memory's pairs of unchanged catalogs come from the store."""
    l10n("extract")
    l10n("build")
    assert catalogs_parsed_after_one_page_changed(demo, l10n, monkeypatch) == SEARCH_RESULT_CATALOGS


def test_a_run_after_one_page_changed_reads_that_page_only(demo, l10n, monkeypatch):
    """The other pages' findings and front matter come from the store, their hashes from the run record's."""
    from pipeline.reading import pages
    l10n("extract")
    l10n("build")
    before = tree_bytes(demo / "build")
    add_paragraph(demo, "search_result.md")
    decoded = []
    real = pages.decode
    monkeypatch.setattr(pages, "decode", lambda data, label: decoded.append(label) or real(data, label))
    l10n("extract")
    l10n("build")
    assert decoded == ["source/content/search_result.md"] * 2
    changed = {name for name, data in tree_bytes(demo / "build").items() if before.get(name) != data}
    assert {name for name in changed if not name.startswith(".")} == \
        {f"{pair}/search_result.md" for pair in ("JP/en", "JP/ja", "JP/zh", "US/en", "US/ja", "CN/ja", "CN/zh")}


SEARCH_RESULT_CATALOGS = ["locales/en/search_result.po", "locales/zh/search_result.po"]


def catalogs_parsed_after_one_page_changed(demo, l10n, monkeypatch) -> list[str]:
    """The catalogs an extract parses after search_result.md changed."""
    from pipeline.po import review
    add_paragraph(demo, "search_result.md")
    read = []
    real = review.load
    monkeypatch.setattr(review, "load", lambda path, *a: read.append(path.relative_to(demo).as_posix()) or real(path, *a))
    l10n("extract")
    return sorted(read)


def test_the_catalogs_extract_writes_give_the_next_extract_their_pairs(demo, l10n, monkeypatch):
    """Every catalog an extract writes has its memory pairs stored, equal to the file's own: the
    next extract after one page changed parses that page's catalogs and no other."""
    from pipeline.po import review
    from pipeline.run.cache import Store, digest, file_bytes
    from pipeline.run.digests import hash_of
    from pipeline.po.memory import pairs_of
    add_paragraph(demo, "_index.md")  # its catalogs are written anew, with bytes the store never saw
    add_paragraph(demo, "login/password_reset.md")
    l10n("extract")
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    store = Store(site.config.build_dir, site.rules)
    for path in sorted((demo / "locales").rglob("*.po")):
        po, _ = review.load(path, path.name, demo / "locales")
        key = digest("pairs", hash_of(file_bytes(path)))
        assert store.pairs_of_keys([key]).get(key) == pairs_of(po), path
    assert catalogs_parsed_after_one_page_changed(demo, l10n, monkeypatch) == SEARCH_RESULT_CATALOGS


def test_a_glossary_extract_rewrote_is_not_parsed_again_for_the_memory(demo, l10n, monkeypatch):
    """A new label rewrites the glossaries: their pairs are stored with them, so the next extract
    after one page changed parses that page's catalogs and no glossary."""
    l10n("extract")
    page = demo / "source/content/_index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n「新しい設定」画面を開きます。\n", encoding="utf-8")
    before = (demo / "locales/en/_glossary.po").read_bytes()
    l10n("extract")
    assert (demo / "locales/en/_glossary.po").read_bytes() != before
    assert catalogs_parsed_after_one_page_changed(demo, l10n, monkeypatch) == SEARCH_RESULT_CATALOGS


def test_catalogs_read_again_instead_of_kept_give_the_same_catalogs(demo, tmp_path, monkeypatch):
    """Past KEEP_READ, a page's catalog is parsed again for its update: nothing else changes."""
    import shutil
    other = tmp_path / "other"
    shutil.copytree(demo, other)
    for tree in (demo, other):
        add_paragraph(tree, "_index.md")
    extract_job.extract(site_mod.load(config_mod.load(demo / "l10n.yaml")))
    monkeypatch.setattr(extract_job, "KEEP_READ", 0)
    extract_job.extract(site_mod.load(config_mod.load(other / "l10n.yaml")))
    assert tree_bytes(demo / "locales") == tree_bytes(other / "locales")


def test_the_links_check_after_one_page_changed_reads_the_links_of_that_page_only(demo, monkeypatch):
    from pipeline.back import links
    from pipeline.reading.projection import project
    run(demo, monkeypatch, "build")
    add_paragraph(demo, "search_result.md")
    read = []
    real = links.find_links
    monkeypatch.setattr(links, "find_links", lambda text, *a: read.append(text) or real(text, *a))
    _, report = run(demo, monkeypatch, "build")
    page = next(p for p in site_mod.load(config_mod.load(demo / "l10n.yaml")).pages if p.rel == "search_result.md")
    assert report.dead_links and set(read) == {project(page.text, r).text for r in ("JP", "US", "CN")}


def test_a_page_skipped_keeps_its_stored_entry_and_nothing_of_it_in_memory(demo, monkeypatch):
    """Only redone pages' entries are held until the job saves them (10,000 decoded would not fit)."""
    from pipeline.run.cache import PageCache
    run(demo, monkeypatch, "build")
    add_paragraph(demo, "search_result.md")
    seen = {}
    real = PageCache.save
    monkeypatch.setattr(PageCache, "save", lambda self, *a: seen.update(fresh=set(self.fresh), kept=self.kept) or real(self, *a))
    done, _ = run(demo, monkeypatch, "build")
    assert done == ["search_result.md"] and {p for p in seen["fresh"] if not p.startswith("\0")} == set(done)
    assert len(seen["kept"]) == pages(demo) - 1
    for record in (demo / "build").glob(".cache-*-run"):
        record.unlink()
    assert run(demo, monkeypatch, "build")[0] == []  # the kept entries are still there


def test_the_store_keeps_at_most_a_fifth_more_units_and_reviews_than_pages_use(demo, l10n):
    """What a changed page replaced stays until it could be a fifth of the store; then a build
    drops it, and everything still in use is kept."""
    import sqlite3

    def rows(table):
        with contextlib.closing(sqlite3.connect(demo / "build" / ".cache.sqlite")) as db:
            return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    shown = sum(p.published_in(r) for p in site.pages for r in site.config.regions)
    reviews = len(site.pages) * len(site.config.target_languages) + len(site.config.target_languages)
    counts = []
    for n in range(12):
        page = demo / "source/content/_index.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n段落{n}です。\n", encoding="utf-8")
        l10n("extract")
        l10n("build")
        counts.append(rows("units"))
        assert rows("units") <= 1.2 * shown and rows("reviews") <= 1.2 * reviews
    assert max(counts) > shown and min(counts[counts.index(max(counts)) + 1:] or [0]) < max(counts)  # it grew, then was pruned
    before = dict(built=tree_bytes(demo / "build"))
    l10n("build")  # all it needs is still there: nothing is redone
    assert tree_bytes(demo / "build") == before["built"]


def test_labels_keyed_by_an_earlier_glossary_leave_the_store(demo, l10n):
    """A label translated or untranslated keys the labels of every page anew: the rows of the
    earlier glossaries go once they could be a fifth of the store; what is in use stays."""
    import sqlite3

    def rows():
        with contextlib.closing(sqlite3.connect(demo / "build" / ".cache.sqlite")) as db:
            return db.execute("SELECT count(*) FROM labels").fetchone()[0]

    l10n("extract")
    l10n("build")
    site = site_mod.load(config_mod.load(demo / "l10n.yaml"))
    bound = len(site.pages) * len(site.config.target_languages)
    in_use = rows()  # the en glossary is the translated one: a row per page
    glossary = demo / "locales/en/_glossary.po"
    after_extract, after_build = [], []
    for translated in ('msgstr "Domain ID"', 'msgstr "Contract Information"', 'msgstr "Contact Information"'):
        glossary.write_text(glossary.read_text(encoding="utf-8").replace(translated, 'msgstr ""'), encoding="utf-8")
        l10n("extract")
        after_extract.append(rows())
        l10n("build")
        after_build.append(rows())
    assert max(after_extract) > 1.2 * bound  # crowded once: that build pruned it
    assert in_use in after_build  # to the labels of every page as it was, and no more
    assert all(n <= 1.2 * bound for n in after_build)
    before = tree_bytes(demo / "build")
    l10n("build")
    assert tree_bytes(demo / "build") == before


def test_rows_are_found_before_they_are_written_and_written_in_batches(tmp_path):
    from pipeline.run.cache import Store
    store, other = Store(tmp_path), Store(tmp_path)  # another process reads only what is written
    store.put_review("k1", "review")
    store.put_pairs("k2", [("a", "b")])
    assert store.get_review("k1") == "review" and store.pairs_of_keys(["k2"]).get("k2") == [("a", "b")]
    assert other.get_review("k1") is None  # kept for the next batch, not yet in the file
    store.put_review("k1", "another")  # as INSERT OR IGNORE: the first row of a key stays
    store.flush()
    assert other.get_review("k1") == "review" and other.pairs_of_keys(["k2"]).get("k2") == [("a", "b")]
    for n in range(Store.BATCH):
        store.put_review(f"r{n}", str(n))
    assert other.get_review("r0") == "0"  # a full batch is written without waiting for the job's end


def test_the_pairs_of_many_catalogs_are_read_at_once_written_or_not(tmp_path):
    from pipeline.run.cache import Store
    store = Store(tmp_path)
    store.put_pairs("written", [("a", "b")])
    store.put_pairs("other", [("c", "d")])
    store.flush()
    store.put_pairs("pending", [("e", "f")])
    assert store.pairs_of_keys(["written", "pending", "unknown", "written"]) == {
        "written": [("a", "b")], "pending": [("e", "f")]}
    assert store.pairs_of_keys([]) == {}


def test_page_entries_expected_in_order_are_read_a_batch_at_a_time(tmp_path, monkeypatch):
    from pipeline.run.cache import PageCache, Store
    store = Store(tmp_path)
    pages = [f"p{n:04}.md" for n in range(600)]
    assert store.save_pages("build", set(), set(), {p: PageCache.pack({"key": p}) for p in pages})
    queries = []
    for name in ("page_entry", "page_entries"):
        real = getattr(Store, name)
        monkeypatch.setattr(Store, name, lambda self, *a, real=real, name=name: queries.append(name) or real(self, *a))
    cache = PageCache(Store(tmp_path), "build")
    cache.expect(["new.md", *pages])
    assert [cache.get(p, p) is not None for p in ["new.md", *pages]] == [False] + [True] * 600
    assert queries == ["page_entries"] * 3  # 256 + 256 + 88 pages; none for a page the store has no entry of
    assert cache.stored("p0001.md") == {"key": "p0001.md"} and len(queries) == 4  # asked again: read again
    assert cache.stored("p0002.md") == {"key": "p0002.md"} and len(queries) == 4


def test_a_report_kept_in_the_store_reads_back_the_same(tmp_path):
    import json
    from pipeline.delivery.stats import Counts
    from pipeline.model import L10nError, PageRow, Report
    from pipeline.run.cache import dump, load
    report = Report(units=3, written=1, unchanged=1)
    report.warnings.append(L10nError("a.md", 4, "links: dead link", check="links"))
    report.pages_stats.append(PageRow("a.md", "JP", "en", **Counts(2, 5, 1, 0, 1, 3, 0).as_dict()))
    report.pairs = {("JP", "en"): Counts(2, 5, 1, 0, 1, 3, 0), ("US", "en"): Counts(1, 1, 0, 1, 0, 0, 0)}
    report.fallbacks = [{"region": r, "lang": "en", "page": "a.md", "line": n, "msgid": m}
                        for r in ("JP", "US") for n, m in ((2, "見出し"), (5, "本文。"))]
    report.expected = {("JP", "en"): {"build/JP/en/a.md"}}
    back = load(json.loads(json.dumps(dump(report), ensure_ascii=False)))
    assert back.fallbacks == report.fallbacks and back.pairs == report.pairs
    assert back.pages_stats == report.pages_stats and back.expected == report.expected
    assert [(w.path, w.line, w.message, w.check) for w in back.warnings] == [("a.md", 4, "links: dead link", "links")]
    assert len(json.dumps(dump(report)["fallbacks"])) < len(json.dumps(report.fallbacks))  # each msgid once


def test_stored_reports_replayed_into_a_report_add_up_as_merged_reports_do():
    import json
    from pipeline.delivery.stats import Counts
    from pipeline.model import MAX_FALLBACKS_LISTED, L10nError, PageRow, Report
    from pipeline.run.cache import dump, load

    def page(name: str, fallbacks: int) -> Report:
        report = Report(units=2, unchanged=1)
        report.errors.append(L10nError(name, 1, "an error"))
        rejected = L10nError(name, 3, "rejected", check="placeholders")
        rejected.rejected = True
        report.warnings.append(rejected)
        report.rejected.append(rejected)
        report.pages_stats.append(PageRow(name, "JP", "en", **Counts(2, 5, 1, 0, 1, 3, 0).as_dict()))
        report.pairs = {("JP", "en"): Counts(2, 5, 1, 0, 1, 3, 0)}
        report.fallbacks = [{"region": "JP", "lang": "en", "page": name, "line": n, "msgid": f"文{n}"} for n in range(fallbacks)]
        report.expected = {("JP", "en"): {f"build/JP/en/{name}"}}
        report.kept, report.labels = {name}, [["en", "button", "保存", name, 1, 1]]
        return report
    stored = [json.loads(json.dumps(dump(page(f"p{n}.md", MAX_FALLBACKS_LISTED * 2 // 3)), ensure_ascii=False))
              for n in range(3)]
    merged = Report()
    for data in stored:
        merged.merge(load(data))
    replayed = Report()
    for data in stored:
        load(data, into=replayed)
    def problems(report: Report) -> list:  # L10nError compares by identity
        return [[(p.path, p.line, p.message, p.check, p.rejected) for p in found]
                for found in (report.errors, report.warnings, report.rejected)]
    assert problems(replayed) == problems(merged) and len(replayed.rejected) == 3
    replayed.errors = replayed.warnings = replayed.rejected = merged.errors = merged.warnings = merged.rejected = []
    assert replayed == merged and len(replayed.fallbacks) == MAX_FALLBACKS_LISTED
    assert replayed.pairs[("JP", "en")].words == 15 and replayed.unchanged == 3


def test_an_entry_made_under_another_key_is_refused_undecoded(tmp_path, monkeypatch):
    import json
    from pipeline.run.cache import PageCache, Store
    store = Store(tmp_path)
    assert store.save_pages("build", set(), set(), {"a.md": PageCache.entry("k1", {"findings": ["x"] * 1000})})
    cache = PageCache(Store(tmp_path), "build")
    decoded = []
    real = json.loads
    monkeypatch.setattr(json, "loads", lambda text, *a, **k: decoded.append(len(text)) or real(text, *a, **k))
    assert cache.get("a.md", "k2") is None and decoded == []
    assert cache.get("a.md", "k1")["data"] == {"findings": ["x"] * 1000} and len(decoded) == 1


def test_what_workers_segment_is_in_the_store_when_the_job_ends(tmp_path, monkeypatch):
    """Each worker writes its rows before it answers: a build after a parallel extract segments nothing."""
    import sys
    from conftest import ROOT
    sys.path.insert(0, str(ROOT / "bench"))
    import bench
    tree = tmp_path / "tree"
    bench.replicate(ROOT, 60, tree, varied=True)
    site = site_mod.load(config_mod.load(tree / "l10n.yaml"))
    assert extract_job.extract(site, jobs=2).written
    segmented = []
    real = site_mod.segment
    monkeypatch.setattr(site_mod, "segment", lambda *a: segmented.append(1) or real(*a))
    site = site_mod.load(config_mod.load(tree / "l10n.yaml"))
    assert build_job.build(site, jobs=1).written
    assert segmented == []
