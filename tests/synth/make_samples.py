"""Regenerate samples/: a small demo dossier for procedure 1.001193 (birth registration).

.venv/bin/python -m tests.synth.make_samples [--out samples]
"""

from __future__ import annotations

import argparse
import io
import json
from pathlib import Path

from . import degrade, make_dossier, render, to_bytes

SEED = 2024
PROCEDURE = "1.001193"


def build(out: Path) -> dict[str, int]:
    dossier = make_dossier(PROCEDURE, SEED)
    to_khai, chung_sinh, card = dossier.documents
    out.mkdir(parents=True, exist_ok=True)
    files: dict[str, bytes] = {}
    labels: dict[str, dict] = {}

    # Tờ khai: an office scan, 200 dpi grayscale JPEG (the size a one-stop desk actually uploads).
    scan, applied = degrade(render(to_khai), "office", SEED, jpeg=False, target_dpi=200)
    files["to_khai_khai_sinh.jpg"] = to_bytes(scan, "JPEG", quality=70, grayscale=True)
    labels["to_khai_khai_sinh.jpg"] = {"level": "office", "angle": applied.angle, "dpi": applied.dpi}

    # Giấy chứng sinh: clean 200 dpi page with the hospital stamp, 16 grey levels in a 4-bit PNG.
    page = render(chung_sinh, dpi=200, stamp=True).convert("L").quantize(16)
    buf = io.BytesIO()
    page.save(buf, "PNG", optimize=True, bits=4, dpi=(200, 200))
    files["giay_chung_sinh.png"] = buf.getvalue()
    labels["giay_chung_sinh.png"] = {"level": "clean", "angle": 0.0, "dpi": 200}

    # CCCD: a phone photo of the card front at ~450 dpi equivalent.
    photo, applied = degrade(render(card), "phone", SEED, jpeg=False, target_dpi=450)
    files["cccd.jpg"] = to_bytes(photo, "JPEG", quality=applied.jpeg_quality or 50, grayscale=True)
    labels["cccd.jpg"] = {"level": "phone", "angle": applied.angle, "dpi": applied.dpi}

    for (name, data), item in zip(files.items(), dossier.items, strict=True):
        (out / name).write_bytes(data)
        labels[name].update(
            doc_type=item.doc.doc_type,
            component=item.component,
            fields=item.doc.fields,
            extra_fields=item.doc.extra_fields,
            text=item.doc.text,
        )
    meta = {
        "procedure": PROCEDURE,
        "seed": SEED,
        "expected_missing": dossier.expected_missing,
        "expected_inconsistencies": dossier.expected_inconsistencies,
        "files": labels,
    }
    (out / "labels.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {name: len(data) for name, data in files.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("samples"))
    args = parser.parse_args()
    for name, size in build(args.out).items():
        print(f"{args.out / name}: {size // 1024} KB")


if __name__ == "__main__":
    main()
