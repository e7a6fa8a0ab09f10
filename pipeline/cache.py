"""The on-disk cache that lets a run skip pages whose inputs did not change.

`build/.cache-<job>.json` maps each page to the hash of everything its work depends on (the tool's
version, the config, the page, its catalogs, the options) and to what that work reported. A page
whose key is unchanged, and whose outputs are still the bytes written then, is not redone: its
findings are replayed. The key is taken from the state a run leaves behind, so the next run sees
its own writes as unchanged. The cache is safe to delete; it is never trusted for anything else.
"""
from __future__ import annotations

import hashlib
import json
import pathlib
from typing import Iterable

from . import __version__
from .files import write_if_changed
from .model import L10nError, Report, SourceError

FORMAT = 2


def digest(*parts: bytes | str | None) -> str:
    h = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    for part in parts:
        data = b"\0none" if part is None else part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_bytes(path: pathlib.Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


class Cache:
    def __init__(self, folder: pathlib.Path, job: str):
        self.path = folder / f".cache-{job}.json"
        try:
            self.entries = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}
        if not isinstance(self.entries, dict):
            self.entries = {}
        self.fresh: dict[str, dict] = {}

    def get(self, page: str, key: str) -> dict | None:
        entry = self.entries.get(page)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        for name, sha in (entry.get("outputs") or {}).items():
            data = file_bytes(pathlib.Path(name))
            if data is None or hashlib.sha256(data).hexdigest() != sha:
                return None  # an output was changed or removed by hand: redo the page
        self.fresh[page] = entry
        return entry

    @staticmethod
    def entry(key: str, data: dict, outputs: Iterable[pathlib.Path] = ()) -> dict:
        """What `get` will check next time: the key, the findings, the hash of every output."""
        return {"key": key, "data": data,
                "outputs": {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in outputs}}

    def save(self, worked: bool = True) -> None:
        """Keeps the entries of this run only: pages gone from the source leave the cache too.
        A run that changed no file starts no cache either (`worked`), so it leaves no trace."""
        if not worked and not self.path.exists():
            return
        write_if_changed(self.path, json.dumps(self.fresh, ensure_ascii=False, sort_keys=True) + "\n")


def dump(report: Report) -> dict:
    """A page's findings, as JSON the next run can replay (`load`)."""
    def problem(p: L10nError, where: str) -> dict:
        return {"kind": type(p).__name__, "path": p.path, "line": p.line, "message": p.message, "in": where,
                "rejected": any(p is r for r in report.rejected)}

    return {
        "units": report.units, "files": report.written + report.unchanged,
        "problems": [problem(p, "errors") for p in report.errors] + [problem(p, "warnings") for p in report.warnings]
        + [problem(p, "rejected") for p in report.rejected
           if not any(p is q for q in report.errors + report.warnings)],
        "pages_stats": report.pages_stats, "unpublished": report.unpublished, "fallbacks": report.fallbacks,
        "unlinked": report.unlinked, "kept": sorted(report.kept),
        "pairs": [[r, lang, counts.as_dict()] for (r, lang), counts in report.pairs.items()],
        "expected": [[r, lang, sorted(str(p) for p in paths)] for (r, lang), paths in report.expected.items()],
    }


def load(data: dict) -> Report:
    from .stats import Counts
    report = Report(units=data["units"], unchanged=data["files"])  # replayed: nothing was rewritten
    for item in data["problems"]:
        cls = SourceError if item["kind"] == "SourceError" else L10nError
        problem = cls(item["path"], item["line"], item["message"])
        if item["in"] != "rejected":
            getattr(report, item["in"]).append(problem)
        if item["rejected"]:
            report.rejected.append(problem)
    report.pages_stats, report.unpublished = data["pages_stats"], data["unpublished"]
    report.fallbacks, report.unlinked, report.kept = data["fallbacks"], data["unlinked"], set(data["kept"])
    for region, lang, counts in data["pairs"]:
        report.pairs[(region, lang)] = Counts(**{k: v for k, v in counts.items() if k != "percent"})
    report.expected = {(r, lang): {pathlib.Path(p) for p in paths} for r, lang, paths in data["expected"]}
    return report
