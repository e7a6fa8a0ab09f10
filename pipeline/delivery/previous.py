"""The previous nightly's bundle, read for `bundle --previous`: its manifests and its history.

It may be given as what `l10n bundle` writes: the `build/bundles/` folder (as a CI artifact brings it
back), its `manifest.json` (with a `history.jsonl` beside it when there is one), or one region's
`<REGION>.tar.gz`. Anything missing or damaged is a PreviousError naming the file and what to do:
the nightly stops before any work rather than start a new history without anyone noticing.
"""
from __future__ import annotations

import json
import pathlib
import tarfile
from dataclasses import dataclass, field

from pipeline.delivery import history as history_mod

MANIFEST = "manifest.json"
ADVICE = ("give the folder an earlier `l10n bundle` wrote (build/bundles/), its manifest.json or a "
          "<REGION>.tar.gz, or leave out --previous to start a new history")


class PreviousError(ValueError):
    """A previous bundle that cannot be used: the file, what is wrong, what to do."""

    def __init__(self, where: pathlib.Path | str, problem: str):
        super().__init__(f"{where}: {problem}: {ADVICE}")


@dataclass
class Previous:
    manifests: dict[str, dict]  # region -> its manifest
    history: list[dict] = field(default_factory=list)


def read(path: pathlib.Path) -> Previous:
    """The previous bundle at `path`; raises PreviousError."""
    if path.is_dir():
        return _folder(path)
    if path.name.endswith((".tar.gz", ".tgz")):
        return _archive(path)
    if path.is_file():
        return Previous(_manifests(_json(path, _decode(path, _bytes(path))), path), _history_beside(path.parent))
    raise PreviousError(path, "no such file or folder")


def _folder(folder: pathlib.Path) -> Previous:
    if (folder / MANIFEST).is_file():
        return read(folder / MANIFEST)
    archives = sorted(folder.glob("*.tar.gz"))
    if not archives:
        raise PreviousError(folder, f"holds neither {MANIFEST} nor a <REGION>.tar.gz")
    found = [_archive(path) for path in archives]
    manifests = {region: data for one in found for region, data in one.manifests.items()}
    return Previous(manifests, _history_beside(folder) or max((one.history for one in found), key=len))


def _archive(path: pathlib.Path) -> Previous:
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = {m.name: m for m in tar.getmembers() if m.isfile()}
            if MANIFEST not in members:
                raise PreviousError(path, f"holds no {MANIFEST}: not an archive `l10n bundle` wrote")
            manifest = tar.extractfile(members[MANIFEST]).read()
            history = tar.extractfile(members[history_mod.NAME]).read() if history_mod.NAME in members else None
    except (OSError, EOFError, tarfile.TarError) as err:
        raise PreviousError(path, f"not a readable .tar.gz ({err})") from None
    where = f"{path}!{MANIFEST}"
    manifests = _manifests(_json(where, _decode(where, manifest)), where)
    return Previous(manifests, [] if history is None else _history(f"{path}!{history_mod.NAME}", history))


def _bytes(path: pathlib.Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:
        raise PreviousError(path, f"cannot be read ({err.strerror or err})") from None


def _decode(where: pathlib.Path | str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise PreviousError(where, "not UTF-8 text") from None


def _json(where: pathlib.Path | str, text: str) -> object:
    try:
        return json.loads(text)
    except ValueError as err:
        raise PreviousError(where, f"not JSON ({err})") from None


def _manifests(data: object, where: pathlib.Path | str) -> dict[str, dict]:
    """Every region's manifest: the file holds all of them, or one region's (with its `region`)."""
    if isinstance(data, dict) and isinstance(data.get("region"), str):
        data = {data["region"]: data}
    if not isinstance(data, dict) or not data:
        raise PreviousError(where, "not a bundle manifest")
    for region, manifest in data.items():
        languages = manifest.get("languages") if isinstance(manifest, dict) else None
        if not isinstance(languages, dict) or not all(
                isinstance(info, dict) and isinstance(info.get("files"), dict) for info in languages.values()):
            raise PreviousError(where, f"the manifest of {region} has no languages with their files")
    return data


def _history_beside(folder: pathlib.Path) -> list[dict]:
    path = folder / history_mod.NAME
    return _history(path, _bytes(path)) if path.is_file() else []


def _history(where: pathlib.Path | str, data: bytes) -> list[dict]:
    try:
        return history_mod.loads(_decode(where, data))
    except history_mod.HistoryError as err:
        raise PreviousError(f"{where}:{err.line}", str(err).partition(": ")[2]) from None
