"""``manifest.json``: what produced an export, and the SHA-256 of every file so it can be verified.

A researcher publishing from an export cites the manifest; a reader checks with
``engage export verify DIR`` that the files are the ones the manifest describes (any edit,
truncation or missing file fails). The config hash is SHA-256 over the canonical JSON of the
validated config (keys sorted, compact separators); the config holds only the *names* of secret
environment variables, never their values, so nothing secret enters the hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engage.config import Config

MANIFEST = "manifest.json"


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def config_hash(config: Config) -> str:
    """SHA-256 of the config's canonical JSON (secrets are env var names only; base_dir is excluded)."""
    canonical = json.dumps(config.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def software_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("engage")
    except PackageNotFoundError:
        return "unknown"


def file_entries(folder: Path) -> dict[str, dict[str, Any]]:
    """``{name: {sha256, bytes}}`` for every file under ``folder`` except the manifest, sorted by name.

    Names are paths relative to ``folder`` with ``/`` (a partitioned dataset has files in subfolders)."""
    return {name: {"sha256": sha256_file(folder / name), "bytes": (folder / name).stat().st_size}
            for name in file_names(folder)}


def file_names(folder: Path) -> list[str]:
    """Every file under ``folder`` but the manifest, as sorted ``/`` paths relative to it."""
    names = (p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    return sorted(name for name in names if name != MANIFEST)


def write_manifest(folder: Path, body: dict[str, Any]) -> dict[str, Any]:
    manifest = {**body, "files": file_entries(folder)}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


@dataclass
class VerifyResult:
    folder: Path
    checked: int = 0
    problems: list[str] = field(default_factory=list)
    unlisted: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_export(folder: Path) -> VerifyResult:
    """Check every file listed in the manifest against its SHA-256 and size."""
    result = VerifyResult(folder)
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        files = manifest["files"]
        if not isinstance(files, dict):
            raise TypeError("files is not a mapping")
    except FileNotFoundError:
        result.problems.append(f"{path}: no manifest (not an engage export?)")
        return result
    except (OSError, ValueError, KeyError, TypeError) as exc:
        result.problems.append(f"{path}: unreadable manifest ({exc})")
        return result
    for name, entry in sorted(files.items()):
        target = folder / name
        if Path(name).is_absolute() or ".." in Path(name).parts or not target.is_file():
            result.problems.append(f"{name}: missing")
            continue
        result.checked += 1
        if target.stat().st_size != entry.get("bytes") or sha256_file(target) != entry.get("sha256"):
            result.problems.append(f"{name}: SHA-256 does not match the manifest (changed or corrupted)")
    result.unlisted = sorted(name for name in file_names(folder) if name not in files)
    return result
