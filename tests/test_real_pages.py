"""The real-page folders are rebuilt from the repositories and commits docs/real-pages.md lists."""

from __future__ import annotations

import subprocess
from pathlib import Path

from benchmarks import real_pages


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def test_the_second_folder_is_the_table_of_the_docs():
    rows = real_pages.second_folder()
    assert len(rows) == 58 and all(len(commit) >= 7 for _, commit, _ in rows)
    names = {f"{repo}-{path.rsplit('/', 1)[-1]}".lower() for repo, _, path in rows}
    assert len(names) == 58  # no two files land on one name


def test_both_folders_are_built_from_bare_copies_at_the_listed_commits(tmp_path, monkeypatch):
    work = tmp_path / "work"
    (work / "image").mkdir(parents=True)
    (work / "image" / "a.png").write_bytes(b"first")
    (work / "image" / "notes.txt").write_text("not a page")
    (work / "forms").mkdir()
    (work / "forms" / "Form 1.jpg").write_bytes(b"old")
    _git("init", "-q", cwd=work)
    _git("add", ".", cwd=work)
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "one", cwd=work)
    commit = _git("rev-parse", "--short", "HEAD", cwd=work)
    (work / "forms" / "Form 1.jpg").write_bytes(b"newer")  # a later commit is not what is listed
    _git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qam", "two", cwd=work)
    mirrors = tmp_path / "mirrors"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(mirrors / "o+r" / "repo")], check=True)
    table = tmp_path / "real-pages.md"
    table.write_text(f"| o/r @ `{commit}` | MIT | `forms/Form 1.jpg` | a form |\n")
    monkeypatch.setattr(real_pages, "TABLE", table)
    monkeypatch.setattr(real_pages, "FIRST", (("o/r", commit, ("image",), "r-"),))
    counts = real_pages.build(tmp_path / "one", tmp_path / "two", mirrors, tmp_path / "cache")
    assert counts == (1, 1) and [p.name for p in (tmp_path / "one").iterdir()] == ["r-a.png"]
    assert (tmp_path / "two" / "o-r-form 1.jpg").read_bytes() == b"old"
