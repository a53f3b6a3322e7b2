"""Sharing through git: publish to and sync from local bare repositories."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from sharing_fixtures import add, design

from fusionsmile.gallery.entry import GalleryError
from fusionsmile.gallery.store import Gallery
from fusionsmile.gallery.sync import (
    clone_folder,
    git_identity,
    publish,
    publish_to,
    sync_gallery,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

IDENTITY = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@localhost",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@localhost",
}


def git(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, **IDENTITY, "GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True,
                          check=True, timeout=60)  # fmt: skip
    return done.stdout.strip()


@pytest.fixture
def remote(tmp_path: Path) -> str:
    bare = tmp_path / "community.git"
    git("init", "--quiet", "--bare", str(bare))
    return str(bare)


def remote_files(url: str) -> list[str]:
    return git("--git-dir", url, "ls-tree", "-r", "--name-only", "HEAD").splitlines()


def push_files(url: str, work: Path, files: dict[str, bytes]) -> None:
    """Commit files straight into the remote, as a stranger with push access would."""
    if not work.exists():
        git("clone", "--quiet", url, str(work))
    for name, data in files.items():
        (work / name).parent.mkdir(parents=True, exist_ok=True)
        (work / name).write_bytes(data)
    git("add", "--all", cwd=work)
    git("commit", "--quiet", "-m", "by hand", cwd=work)
    git("push", "--quiet", "origin", "HEAD", cwd=work)


def test_publish_then_sync_brings_the_same_entry(tmp_path: Path, remote: str) -> None:
    a, b = Gallery(tmp_path / "a"), Gallery(tmp_path / "b")
    entry = add(a, design("Lantern grin", "Ana Lima <ana@example.org>", ("night",), "joy",
                          "Sparks for a birthday."))  # fmt: skip
    commit = publish_to(a, entry, remote)

    assert len(commit) == 40
    assert remote_files(remote) == [f"bundles/{entry.id}.fsmile"]
    log = git("--git-dir", remote, "log", "-1", "--format=%an <%ae>|%s")
    assert log.startswith("Ana Lima <ana@example.org>|Add Lantern grin")

    report = sync_gallery(b, remote)
    assert report.imported == [entry.id]
    assert report.already == [] and report.rejected == []
    got = b.get(entry.id)
    assert (got.title, got.author, got.tags, got.mood, got.story) == (
        entry.title, entry.author, entry.tags, entry.mood, entry.story)  # fmt: skip
    assert got.thumbnail.read_bytes() == entry.thumbnail.read_bytes()

    again = sync_gallery(b, remote)
    assert again.imported == [] and again.already == [entry.id] and again.rejected == []


def test_publishing_twice_says_it_is_already_there(tmp_path: Path, remote: str) -> None:
    a = Gallery(tmp_path / "a")
    entry = add(a, design("Once"))
    first = publish(a, entry, remote)
    second = publish(a, entry, remote)
    assert not first.already and second.already
    assert second.commit == first.commit
    assert len(git("--git-dir", remote, "rev-list", "--all").splitlines()) == 1


def test_concurrent_publishes_both_land(tmp_path: Path, remote: str) -> None:
    a, b = Gallery(tmp_path / "a"), Gallery(tmp_path / "b")
    first = add(a, design("From A", "A"))
    second = add(b, design("From B", "B"))
    other = add(b, design("Also from B", "B"))
    # B clones while the remote is empty, then A pushes: B's next push is rejected and
    # must be rebased onto A's commit.
    publish_to(b, other, remote)
    publish_to(a, first, remote)
    publish_to(b, second, remote)  # b's cache clone is behind: fetch-first, rebase, retry

    assert sorted(remote_files(remote)) == sorted(
        f"bundles/{entry.id}.fsmile" for entry in (first, second, other)
    )
    report = sync_gallery(Gallery(tmp_path / "c"), remote)
    assert sorted(report.imported) == sorted(entry.id for entry in (first, second, other))


def test_the_push_race_is_retried(tmp_path: Path, remote: str) -> None:
    """B's cache clone is up to date when it commits, and someone pushes before B does."""
    a, b = Gallery(tmp_path / "a"), Gallery(tmp_path / "b")
    seed, mine = add(b, design("Seed")), add(b, design("Mine", "B"))
    publish_to(b, seed, remote)
    stranger = add(a, design("Stranger", "A"))
    publish_to(a, stranger, remote)
    # Replay the race: b's clone is moved back to the old state with mine committed.
    import fusionsmile.gallery.sync as sync

    real = sync._update_clone
    sync._update_clone = lambda gallery, url: clone_folder(gallery, url)  # no fetch
    try:
        publish_to(b, mine, remote)
    finally:
        sync._update_clone = real
    assert len(remote_files(remote)) == 3


def test_hostile_bundles_are_rejected_and_the_rest_import(tmp_path: Path, remote: str) -> None:
    a = Gallery(tmp_path / "a")
    good = add(a, design("Good"))
    publish_to(a, good, remote)
    genuine = (clone_folder(a, remote) / "bundles" / f"{good.id}.fsmile").read_bytes()
    other = add(a, design("Renamed"))

    traversal = io.BytesIO()
    with zipfile.ZipFile(traversal, "w") as archive:
        archive.writestr("../../escaped.txt", "gotcha")
        archive.writestr("manifest.json", "{}")
    wrong_name = "0" * 64
    renamed = tmp_path / "renamed.fsmile"
    from fusionsmile.gallery.bundle import write_bundle

    write_bundle(other, renamed)
    push_files(remote, tmp_path / "stranger", {
        f"bundles/{'1' * 64}.fsmile": traversal.getvalue(),
        f"bundles/{wrong_name}.fsmile": renamed.read_bytes(),
        "bundles/not-an-id.fsmile": genuine,
        f"bundles/{'2' * 64}.fsmile": b"not a zip at all",
        "bundles/README.md": b"Community smiles.",
    })  # fmt: skip

    b = Gallery(tmp_path / "b")
    report = sync_gallery(b, remote)
    assert report.imported == [good.id]
    assert len(report.rejected) == 4
    text = "\n".join(report.rejected)
    assert f"bundles/{wrong_name}.fsmile: its design's content id is {other.id[:12]}" in text
    assert "bundles/not-an-id.fsmile: the name is not a content id" in text
    assert all("\n" not in line for line in report.rejected)
    assert [entry.id for entry in b.entries()] == [good.id]
    assert not list(tmp_path.rglob("escaped.txt"))


def test_symlinked_bundles_are_not_followed(tmp_path: Path, remote: str) -> None:
    secret = tmp_path / "secret.fsmile"
    secret.write_bytes(b"private")
    work = tmp_path / "stranger"
    git("clone", "--quiet", remote, str(work))
    (work / "bundles").mkdir()
    (work / "bundles" / f"{'3' * 64}.fsmile").symlink_to(secret)
    git("add", "--all", cwd=work)
    git("commit", "--quiet", "-m", "link", cwd=work)
    git("push", "--quiet", "origin", "HEAD", cwd=work)

    report = sync_gallery(Gallery(tmp_path / "b"), remote)
    assert report.rejected == [f"bundles/{'3' * 64}.fsmile: not a regular file"]


def test_clear_errors(tmp_path: Path, remote: str, monkeypatch: pytest.MonkeyPatch) -> None:
    gallery = Gallery(tmp_path / "g")
    with pytest.raises(GalleryError, match="cannot clone"):
        sync_gallery(gallery, str(tmp_path / "nowhere.git"))
    with pytest.raises(GalleryError, match="not a repository URL"):
        sync_gallery(gallery, "--upload-pack=touch /tmp/pwned")

    push_files(remote, tmp_path / "code", {"main.py": b"print('hi')\n"})
    with pytest.raises(GalleryError, match="no bundles/ folder"):
        sync_gallery(gallery, remote)
    with pytest.raises(GalleryError, match="no bundles/ folder"):
        publish_to(gallery, add(gallery, design("Lost")), remote)

    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(GalleryError, match="git is not installed"):
        sync_gallery(gallery, remote)


def test_hooks_never_run(tmp_path: Path, remote: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Hooks set up outside our commands (here a hooksPath in the environment) are not run:
    a cloned repository never brings its own, and ours point at /dev/null."""
    marker = tmp_path / "hook-ran"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in ("pre-commit", "post-commit", "post-checkout", "pre-push", "post-merge"):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\ntouch {marker}\n")
        hook.chmod(0o755)
    gallery = Gallery(tmp_path / "g")
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")  # as a user's global config could
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "core.hooksPath")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", str(hooks))
    publish_to(gallery, add(gallery, design("Hooked")), remote)
    sync_gallery(gallery, remote)
    assert not marker.exists()


@pytest.mark.parametrize(
    ("author", "expected"),
    [
        ("Ana Lima", ("Ana Lima", "fusionsmile@localhost")),
        ("Ana <ana@example.org>", ("Ana", "ana@example.org")),
        ("", ("FusionSmile user", "fusionsmile@localhost")),
        ("<>\n\x00", ("FusionSmile user", "fusionsmile@localhost")),
        ("Eve\nSigned-off-by: Mallory", ("Eve Signed-off-by: Mallory", "fusionsmile@localhost")),
    ],
)
def test_git_identity_is_sanitised(author: str, expected: tuple[str, str]) -> None:
    assert git_identity(author) == expected


def test_the_sync_command_exits_1_when_it_rejected_a_bundle(tmp_path: Path, remote: str) -> None:
    # Issue 17: it exited 0, so a script could not tell a repository with a hostile or
    # broken bundle from a clean one; `import` and batch export already exit 1.
    from typer.testing import CliRunner

    from fusionsmile.cli import app

    a = Gallery(tmp_path / "a")
    publish_to(a, add(a, design("Good")), remote)
    runner = CliRunner()
    target = str(tmp_path / "b")
    clean = runner.invoke(app, ["gallery", "--gallery", target, "sync", remote])
    assert clean.exit_code == 0, clean.stderr
    push_files(remote, tmp_path / "stranger", {f"bundles/{'2' * 64}.fsmile": b"not a zip"})
    dirty = runner.invoke(app, ["gallery", "--gallery", str(tmp_path / "c"), "sync", remote])
    assert dirty.exit_code == 1
    assert "imported 1, already here 0, rejected 1" in dirty.stdout
    assert "fusionsmile: rejected" in dirty.stderr and "2" * 64 in dirty.stderr
    assert [entry.title for entry in Gallery(tmp_path / "c").entries()] == ["Good"]
