"""Rebuild the two folders of real pages that `ocr_bench.py --real` reads, from the public repositories listed
in docs/real-pages.md, each file as it is at the commit given there (the files are not committed: their
licences, and the people's data on ID cards).

    .venv/bin/python benchmarks/real_pages.py /tmp/real-pages /tmp/real-pages-vn
    .venv/bin/python benchmarks/real_pages.py --mirrors DIR /tmp/real-pages /tmp/real-pages-vn

Without `--mirrors` each repository is cloned bare, without its files' contents, into `--cache` (git fetches
only the files asked for); with it, bare copies are read from DIR/<owner>+<name>/repo.
"""

from __future__ import annotations

import argparse
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "real-pages.md"
# The first folder: every file of these folders of these repositories, but text and notes.
FIRST = (("pbcquoc/vietocr", "fe8c3a7", ("image", "vietocr/tests/image"), "vietocr-"),
         ("ocrmypdf/OCRmyPDF", "62b4209", ("tests/resources",), "ocrmypdf-"))
SKIPPED = (".hocr", ".rst", ".txt", ".odt", ".keep")
_ROW = re.compile(r"^\| (\S+/\S+) @ `([0-9a-f]+)` \| [^|]+ \| `([^`]+)` \|")


def second_folder(table: Path | None = None) -> list[tuple[str, str, str]]:
    """(repository, commit, path) of each file of the second folder, from the table of docs/real-pages.md."""
    text = (table or TABLE).read_text(encoding="utf-8")
    return [m.groups() for line in text.splitlines() if (m := _ROW.match(line))]


def _git_dir(repo: str, mirrors: Path | None, cache: Path) -> Path:
    name = repo.replace("/", "+")
    if mirrors is not None:
        return mirrors / name / "repo"
    where = cache / name
    if not where.exists():
        subprocess.run(["git", "clone", "--quiet", "--bare", "--filter=blob:none",
                        f"https://github.com/{repo}.git", str(where)], check=True)
    return where


def _show(git_dir: Path, commit: str, path: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{commit}:{path}"], check=True,
                          capture_output=True).stdout


def _files(git_dir: Path, commit: str, folder: str) -> list[str]:
    listing = subprocess.run(["git", "--git-dir", str(git_dir), "ls-tree", commit, folder + "/"], check=True,
                             capture_output=True, text=True).stdout
    return [line.split("\t", 1)[1] for line in listing.splitlines() if line.split()[1] == "blob"]


def build(first: Path, second: Path, mirrors: Path | None, cache: Path) -> tuple[int, int]:
    """Both folders written; how many files each holds."""
    first.mkdir(parents=True, exist_ok=True)
    second.mkdir(parents=True, exist_ok=True)
    count = 0
    for repo, commit, folders, prefix in FIRST:
        git_dir = _git_dir(repo, mirrors, cache)
        for folder in folders:
            for path in _files(git_dir, commit, folder):
                name = path.rsplit("/", 1)[-1]
                if not name.endswith(SKIPPED):
                    (first / (prefix + name)).write_bytes(_show(git_dir, commit, path))
                    count += 1
    rows = second_folder()
    for repo, commit, path in rows:
        name = f"{repo.replace('/', '-')}-{path.rsplit('/', 1)[-1]}".lower()
        (second / name).write_bytes(_show(_git_dir(repo, mirrors, cache), commit, path))
    return count, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("first", type=Path, help="folder for VietOCR's images and OCRmyPDF's test files")
    parser.add_argument("second", type=Path, help="folder for the Vietnamese paperwork")
    parser.add_argument("--mirrors", type=Path, help="bare copies of the repositories, DIR/<owner>+<name>/repo")
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "sohoa-real-pages")
    args = parser.parse_args()
    first, second = build(args.first, args.second, args.mirrors, args.cache)
    print(f"{first} files in {args.first}, {second} in {args.second}")


if __name__ == "__main__":
    main()
