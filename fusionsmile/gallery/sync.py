"""Share smiles through a community git repository: a folder of content-addressed bundles.

The community repository holds `bundles/<id>.fsmile`, one file per design, named by the
design's content id. Because names are content ids, two people publishing different smiles
never touch the same file, so a push race is settled by a rebase that cannot conflict.

Each remote gets a cache clone inside the gallery (`<root>/remotes/<sha256(url)[:16]>/`).
The clone is ours and disposable: it is always moved to the remote's state before use,
and nothing in it is trusted; every bundle goes through `import_bundle`, which checks it.

Git runs from its command line with argument lists, never a shell, with prompts off (a sync
must fail with a message, not hang waiting for a password), a timeout, and hooks pointed
at /dev/null: cloning never installs a remote's hooks, and we make sure nothing we run in
the clone could pick up hooks from anywhere else.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from fusionsmile.gallery.bundle import import_bundle, read_bundle, write_bundle
from fusionsmile.gallery.entry import Entry, GalleryError, design_id
from fusionsmile.gallery.store import Gallery

BUNDLES = "bundles"
BUNDLE_SUFFIX = ".fsmile"
FALLBACK_NAME = "FusionSmile user"
FALLBACK_EMAIL = "fusionsmile@localhost"
NETWORK_TIMEOUT_S = 180.0
LOCAL_TIMEOUT_S = 60.0
PUSH_ATTEMPTS = 5

_ID = re.compile(r"^[0-9a-f]{64}$")
# Every command run in a cache clone: no hooks, and never the `ext::` transport, which
# would run a command named by a URL.
_SAFE_CONFIG = ("-c", "core.hooksPath=/dev/null", "-c", "protocol.ext.allow=never")

_REJECTED_PUSH = ("[rejected]", "non-fast-forward", "fetch first", "failed to update ref")


@dataclass
class SyncReport:
    """What a sync did, one id (or one clear line for a rejection) per bundle."""

    imported: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Published:
    """The commit that carries the entry's bundle upstream; `already` when it was there."""

    commit: str
    already: bool


def sync_gallery(gallery: Gallery, url: str) -> SyncReport:
    """Bring the community repository at url up to date and import every bundle in it.

    A bundle is rejected (with a line naming its file and why) when it is not a regular
    file, its name is not a content id, it does not read, or its design's id differs from
    its name; the other bundles still import.
    """
    clone = _update_clone(gallery, url)
    folder = clone / BUNDLES
    if folder.is_symlink() or not folder.is_dir():
        raise GalleryError(
            f"{url} has no {BUNDLES}/ folder: is it a FusionSmile community repository?"
        )
    report = SyncReport()
    for path in sorted(folder.iterdir()):
        if not path.name.endswith(BUNDLE_SUFFIX):
            continue  # a README or a licence file beside the bundles is fine
        problem = _import_one(gallery, path, report)
        if problem:
            report.rejected.append(f"{BUNDLES}/{_printable(path.name)}: {problem}")
    return report


def publish_to(gallery: Gallery, entry: Entry, url: str, message: str | None = None) -> str:
    """Publish entry's bundle to the community repository at url; the commit id upstream."""
    return publish(gallery, entry, url, message).commit


def publish(gallery: Gallery, entry: Entry, url: str, message: str | None = None) -> Published:
    """Like publish_to, also telling whether the bundle was already upstream."""
    clone = _update_clone(gallery, url)
    empty = _head(clone) is None
    if not empty and not (clone / BUNDLES).is_dir():
        raise GalleryError(
            f"{url} has no {BUNDLES}/ folder: is it a FusionSmile community repository? "
            "(an empty repository is fine: the first publish makes the folder)"
        )
    relative = f"{BUNDLES}/{entry.id}{BUNDLE_SUFFIX}"
    existing = _commit_of(clone, relative)
    if existing:
        return Published(existing, already=True)

    (clone / BUNDLES).mkdir(exist_ok=True)
    write_bundle(entry, clone / relative)
    name, email = git_identity(entry.author)
    _git(["add", "--", relative], clone)
    _git(["commit", "--quiet", "--no-verify", "-m", message or _message(entry)], clone,
         identity=(name, email))  # fmt: skip
    branch = _branch(clone)
    for _attempt in range(PUSH_ATTEMPTS):
        pushed = _git(["push", "--quiet", "origin", f"HEAD:refs/heads/{branch}"], clone,
                      timeout=NETWORK_TIMEOUT_S, check=False)  # fmt: skip
        if pushed.returncode == 0:
            return Published(_git(["rev-parse", "HEAD"], clone).stdout.strip(), already=False)
        if not any(sign in pushed.stderr for sign in _REJECTED_PUSH):
            raise GalleryError(f"cannot push to {url}: {_last_line(pushed.stderr)}")
        # Someone pushed first. Their files have other names (content ids), so replaying
        # our one commit on top of theirs cannot conflict, unless they published the very
        # same design, which then is already there.
        _git(["fetch", "--quiet", "origin"], clone, timeout=NETWORK_TIMEOUT_S)
        upstream = _commit_of(clone, relative, ref=f"origin/{branch}")
        if upstream:
            _git(["reset", "--quiet", "--hard", f"origin/{branch}"], clone)
            return Published(upstream, already=True)
        _git(["rebase", "--quiet", f"origin/{branch}"], clone, identity=(name, email))
    raise GalleryError(
        f"cannot push to {url}: others kept pushing first ({PUSH_ATTEMPTS} tries); try again"
    )


def git_identity(author: str) -> tuple[str, str]:
    """A git author (name, email) from a free-text author field.

    "Ana Lima <ana@example.org>" gives both parts; anything else becomes the name with the
    fallback email. Characters git refuses or that would forge another header (angle
    brackets, newlines, control characters) are dropped.
    """
    email = FALLBACK_EMAIL
    match = re.fullmatch(r"\s*(.*?)\s*<([^<>\s]+@[^<>\s]+)>\s*", author)
    if match:
        author, email = match.group(1), match.group(2)
    name = re.sub(r"[\x00-\x1f\x7f]", " ", author).replace("<", "").replace(">", "")
    name = " ".join(name.split()).strip(".,:;\"'\\ ")[:100]
    email = re.sub(r"[^\w.+@-]", "", email)[:100] or FALLBACK_EMAIL
    return (name or FALLBACK_NAME), email


def clone_folder(gallery: Gallery, url: str) -> Path:
    """Where the cache clone of url lives inside the gallery."""
    return Path(gallery.root) / "remotes" / hashlib.sha256(url.encode()).hexdigest()[:16]


def _import_one(gallery: Gallery, path: Path, report: SyncReport) -> str | None:
    """Import one bundle into gallery, recording it in report; a problem, or None."""
    stem = path.name[: -len(BUNDLE_SUFFIX)]
    if not _ID.match(stem):
        return "the name is not a content id (64 lowercase hex digits)"
    if path.is_symlink() or not path.is_file():
        return "not a regular file"
    # Anything may be wrong with a stranger's file, and one bad bundle must not stop the
    # others, so every failure becomes a line in the report.
    try:
        bundle = read_bundle(path)
        actual = design_id(bundle.design)
        if actual != stem:
            return f"its design's content id is {actual[:12]}…, not the file's name"
        entry, added = import_bundle(gallery, path)
    except Exception as exc:
        return _printable(str(exc)) or type(exc).__name__
    (report.imported if added else report.already).append(entry.id)
    return None


def _update_clone(gallery: Gallery, url: str) -> Path:
    """Clone url into the cache the first time; afterwards fetch and move to its state."""
    if not url or url.startswith("-"):
        raise GalleryError(f"not a repository URL: {url!r}")
    clone = clone_folder(gallery, url)
    if clone.exists() and not _is_clone_of(clone, url):
        shutil.rmtree(clone)  # a half-made or damaged cache clone: ours, made again below
    if clone.exists():
        _git(["fetch", "--quiet", "--prune", "origin"], clone, timeout=NETWORK_TIMEOUT_S,
             failure=f"cannot fetch {url}")  # fmt: skip
        branch = _branch(clone)
        if _has_ref(clone, f"refs/remotes/origin/{branch}"):
            # The cache is a mirror: a fast-forward when we are behind, and it also drops
            # a local commit left by a publish whose push failed (publish makes it again).
            _git(["reset", "--quiet", "--hard", f"origin/{branch}"], clone)
            _git(["clean", "--quiet", "-d", "--force", "-x"], clone)
            return clone
        if _head(clone) is None:
            return clone  # the remote is still empty, and so is the clone
        shutil.rmtree(clone)  # an unpushed first commit to an empty remote: start afresh
    clone.parent.mkdir(parents=True, exist_ok=True)
    # Clone beside the cache and rename, so an interrupted clone leaves no cache clone.
    with tempfile.TemporaryDirectory(prefix=".clone-", dir=clone.parent) as temp:
        staging = Path(temp) / "repo"
        _git(["clone", "--quiet", "--no-recurse-submodules", "--", url, str(staging)],
             None, timeout=NETWORK_TIMEOUT_S, failure=f"cannot clone {url}")  # fmt: skip
        staging.rename(clone)
    return clone


def _is_clone_of(clone: Path, url: str) -> bool:
    if not (clone / ".git").is_dir():
        return False
    found = _git(["config", "--get", "remote.origin.url"], clone, check=False)
    return found.returncode == 0 and found.stdout.strip() == url


def _branch(clone: Path) -> str:
    """The branch the clone follows: the remote's default, or the unborn one when empty."""
    return _git(["symbolic-ref", "--short", "HEAD"], clone).stdout.strip()


def _head(clone: Path) -> str | None:
    found = _git(["rev-parse", "--verify", "--quiet", "HEAD"], clone, check=False)
    return found.stdout.strip() if found.returncode == 0 else None


def _has_ref(clone: Path, ref: str) -> bool:
    return _git(["rev-parse", "--verify", "--quiet", ref], clone, check=False).returncode == 0


def _commit_of(clone: Path, relative: str, ref: str = "HEAD") -> str | None:
    """The commit that added relative in ref's history, or None when it is not there."""
    if not _has_ref(clone, ref):
        return None
    found = _git(["log", "-1", "--format=%H", "--diff-filter=A", ref, "--", relative], clone)
    return found.stdout.strip() or None


def _message(entry: Entry) -> str:
    title = _printable(entry.title)[:80] or "Untitled smile"
    return f"Add {title} ({entry.id[:12]})"


def _printable(text: str) -> str:
    """One line without control characters, for reports and commit subjects."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "git failed"


def _git(
    args: list[str],
    cwd: Path | None,
    *,
    timeout: float = LOCAL_TIMEOUT_S,
    check: bool = True,
    failure: str | None = None,
    identity: tuple[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run git with args in cwd; GalleryError (failure: git's last line) when check fails."""
    git = shutil.which("git")
    if git is None:
        raise GalleryError("git is not installed: sharing needs the git command line")
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")  # no password prompt either
    if identity:
        name, email = identity
        env |= {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
                "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}  # fmt: skip
    try:
        done = subprocess.run(
            [git, *_SAFE_CONFIG, *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise GalleryError(f"{failure or 'git ' + args[0]}: no answer in {timeout:.0f} s") from exc
    except OSError as exc:
        raise GalleryError(f"cannot run git: {exc.strerror or exc}") from exc
    if check and done.returncode != 0:
        raise GalleryError(f"{failure or 'git ' + args[0] + ' failed'}: {_last_line(done.stderr)}")
    return done
