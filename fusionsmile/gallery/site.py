"""A static web gallery: plain HTML, CSS and a little JavaScript, readable from file://.

Layout of a site folder:

    index.html              cards, a search box, mood and tag chips
    entries/<id>.html       one page per smile: picture, story, lineage, downloads
    thumbs/<id>.png         thumbnails
    bundles/<id>.fsmile     the shareable bundle of each smile (with the maker's portrait
                            photo inside for the entries whose maker shared it: such
                            entries carry a badge saying so, on their card and page)
    models/<id>.glb         3D models, for the entries that have one
    assets/                 style.css, moods.css (colours from the glow palettes), gallery.js
    .fusionsmile-site       the marker that lets a later build overwrite this folder

Everything a stranger wrote (titles, stories, tags, authors) is escaped; the search data
is embedded as a JSON <script> that the browser never executes, because file:// pages may
not fetch() a file beside them. A Content-Security-Policy allows only the site's own
scripts and styles, so even a missed escape could not run code.
"""

from __future__ import annotations

import html
import json
import os
import shutil
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path
from string import Template
from urllib.parse import quote

from fusionsmile.core.atomic import WriteError, atomic_write
from fusionsmile.core.colour import linear_to_hex
from fusionsmile.core.moods import MOODS
from fusionsmile.core.palettes import palettes
from fusionsmile.gallery.bundle import entry_thumbnail, write_bundle
from fusionsmile.gallery.entry import Entry, GalleryError
from fusionsmile.gallery.folder_swap import staging_for, swap_in
from fusionsmile.gallery.store import Gallery

MARKER = ".fusionsmile-site"
SITE_FORMAT = 1
EXCERPT_CHARS = 180
NEUTRAL_MOOD = "#aab4c8"
PHOTO_BADGE = (
    '<p class="photo-badge" title="The bundle includes its maker&#39;s own photo">'
    "Includes a portrait photo</p>"
)
_ASSETS = ("style.css", "gallery.js", "icon.svg")
# The folders a build fills, with the suffix of the files it names by entry id: stale
# files of entries no longer in the gallery are removed from these, and from nowhere else.
_OWNED = {"entries": ".html", "thumbs": ".png", "bundles": ".fsmile", "models": ".glb"}


def write_site(gallery: Gallery, out: Path) -> Path:
    """Write the static site of gallery into out; the path of its index.html.

    out must be missing, empty, or a site written before (it has the marker file);
    anything else is refused with GalleryError, so a mistyped path never overwrites a
    folder of the user's. Files are written atomically; nothing outside out is touched.
    """
    # Absolute and normalised: the staging folder goes beside out, so "." or "site/.."
    # must name the real folder and its real parent.
    out = Path(os.path.abspath(out))
    if out.is_symlink():
        out = out.resolve()  # swap the folder it points at, not the link
    _check_out(out)
    entries = sorted(gallery.entries(), key=lambda entry: (-entry.created.timestamp(), entry.id))
    titles = {entry.id: entry.title for entry in entries}
    children: dict[str, list[Entry]] = {}
    for entry in entries:
        for parent in entry.parents:
            children.setdefault(parent, []).append(entry)
    # Built beside out and swapped in whole: a full disk or a kill leaves the previous
    # site as it was, never half of a new one (see folder_swap).
    staging: Path | None = None
    try:
        staging = staging_for(out)
        for folder in ("assets", *_OWNED):
            (staging / folder).mkdir(parents=True, exist_ok=True)
        marker = json.dumps({"generator": "fusionsmile", "format": SITE_FORMAT})
        _write_text(staging / MARKER, marker)
        for name in _ASSETS:
            _write_text(staging / "assets" / name, _asset(name))
        _write_text(staging / "assets" / "moods.css", moods_css())
        for entry in entries:
            _write_entry_files(entry, staging)
            page = entry_page(entry, titles, children.get(entry.id, []), staging)
            _write_text(staging / "entries" / f"{entry.id}.html", page)
        _write_text(staging / "index.html", index_page(entries, staging))
        _remove_stale(staging, set(titles))
        swap_in(staging, out)
    except (WriteError, OSError) as error:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        reason = error if isinstance(error, WriteError) else error.strerror or error
        raise GalleryError(f"cannot write the site in {out}: {reason}") from None
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    return out / "index.html"


def index_page(entries: list[Entry], out: Path) -> str:
    """The HTML of index.html."""
    tags: dict[str, int] = {}
    moods: dict[str, int] = {}
    for entry in entries:
        for tag in dict.fromkeys(entry.tags):
            tags[tag] = tags.get(tag, 0) + 1
        if entry.mood:
            moods[entry.mood] = moods.get(entry.mood, 0) + 1
    tag_chips = "\n".join(
        f'<button type="button" class="chip" data-tag="{_e(tag)}" aria-pressed="false">'
        f'#{_e(tag)} <span class="chip-count">{count}</span></button>'
        for tag, count in sorted(tags.items(), key=lambda item: (-item[1], item[0].lower()))
    )
    mood_chips = "\n".join(
        f'<button type="button" class="chip mood {mood_class(mood)}" data-mood="{_e(mood)}" '
        f'aria-pressed="false"><span class="dot"></span>{_e(mood_label(mood))}</button>'
        for mood, _count in sorted(moods.items(), key=lambda item: (-item[1], item[0]))
    )
    search_data = [
        {
            "id": entry.id,
            "title": entry.title,
            "author": entry.author,
            "story": entry.story,
            "tags": list(entry.tags),
            "mood": entry.mood or "",
        }
        for entry in entries
    ]
    return _page(
        "index.html",
        root="",
        count=str(len(entries)),
        plural="" if len(entries) == 1 else "s",
        makers=_makers(len({entry.author for entry in entries if entry.author})),
        mood_chips=mood_chips,
        tag_chips=tag_chips,
        cards="\n".join(_card(entry, out) for entry in entries),
        data=script_json(search_data),
    )


def entry_page(entry: Entry, titles: dict[str, str], children: list[Entry], out: Path) -> str:
    """The HTML of entries/<id>.html; titles: of every entry of the site, by id."""
    design = entry.design
    created = design.meta.created or entry.created
    has_photo = entry.photo is not None
    contents = "design, picture, story" + (", portrait photo" if has_photo else "")
    downloads = [_download(f"../bundles/{entry.id}.fsmile", "Bundle", f".fsmile — {contents}")]
    if (out / "thumbs" / f"{entry.id}.png").is_file():
        downloads.append(_download(f"../thumbs/{entry.id}.png", "Picture", "PNG"))
    if entry.glb is not None:
        downloads.append(_download(f"../models/{entry.id}.glb", "3D model", "GLB"))
    story = "".join(
        f"<p>{_e(paragraph).replace(chr(10), '<br>')}</p>"
        for paragraph in entry.story.replace("\r\n", "\n").split("\n\n")
        if paragraph.strip()
    )
    return _page(
        "entry.html",
        root="../",
        title=_e(entry.title),
        author=_e(entry.author or "anonymous"),
        photo_notice=_photo_notice(entry) if has_photo else "",
        mood=_mood_chip(entry.mood, link="../"),
        tags=_tag_links(entry.tags, "../"),
        picture=_picture(entry, out, root="../", large=True),
        story=story or '<p class="muted">No story was told with this smile.</p>',
        license=_e(entry.license),
        created=_e(_date(created)),
        created_iso=_e(created.isoformat()),
        id=entry.id,
        short_id=entry.id[:12],
        lineage=_lineage(entry, titles, children),
        mood_class=mood_class(entry.mood),
        downloads="\n".join(downloads),
    )


def moods_css() -> str:
    """A class per mood, coloured like its glow palette (the mean band colour, at full
    brightness), so mood chips glow in the mood's own light."""
    rules = [f".mood-other {{ --mood: {NEUTRAL_MOOD}; }}"]
    for name, mood in MOODS.items():
        colour = palettes()[mood.palette].gradient().mean()
        hex_colour = linear_to_hex(colour / max(float(colour.max()), 1e-6))
        rules.append(f".mood-{name} {{ --mood: {hex_colour}; }}")
    return "\n".join(rules) + "\n"


def mood_class(mood: str | None) -> str:
    return f"mood-{mood}" if mood in MOODS else "mood-other"


def mood_label(mood: str) -> str:
    return MOODS[mood].label if mood in MOODS else mood


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: no `</script>`, no `<!--`."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _check_out(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise GalleryError(f"{out} is a file, not a folder for the site")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise GalleryError(
            f"{out} is a folder with other files in it (no {MARKER} marker): "
            "choose an empty or new folder for the site"
        )


def _write_entry_files(entry: Entry, out: Path) -> None:
    bundle = out / "bundles" / f"{entry.id}.fsmile"
    if not bundle.is_file():  # content-addressed: the file for this id never changes
        write_bundle(entry, bundle)
    if entry.thumbnail.is_file():
        # The site's "Picture" download opens as this entry, whatever the folder holds.
        thumbnail = entry_thumbnail(entry)
        with atomic_write(out / "thumbs" / f"{entry.id}.png") as temp:
            temp.write_bytes(thumbnail)
    if entry.glb is not None:
        _copy(entry.glb, out / "models" / f"{entry.id}.glb")


def _remove_stale(out: Path, known: set[str]) -> None:
    for folder, suffix in _OWNED.items():
        for path in (out / folder).iterdir():
            stem = path.name.removesuffix(suffix)
            if path.name.endswith(suffix) and path.is_file() and stem not in known:
                path.unlink()


def _card(entry: Entry, out: Path) -> str:
    return f"""<article class="card {mood_class(entry.mood)}" data-id="{entry.id}">
  <a class="card-picture" href="entries/{entry.id}.html" tabindex="-1" aria-hidden="true">
    {_picture(entry, out, root="", large=False)}
  </a>
  <div class="card-body">
    <h2 class="card-title"><a href="entries/{entry.id}.html">{_e(entry.title)}</a></h2>
    <p class="byline">by {_e(entry.author or "anonymous")}</p>
    {PHOTO_BADGE if entry.photo is not None else ""}
    {_mood_chip(entry.mood, link="")}
    <p class="excerpt">{_e(_excerpt(entry.story))}</p>
    <ul class="tags">{"".join(f"<li>#{_e(tag)}</li>" for tag in entry.tags)}</ul>
  </div>
</article>"""


def _picture(entry: Entry, out: Path, root: str, large: bool) -> str:
    size = 'width="960" height="540"' if large else 'width="480" height="270"'
    if (out / "thumbs" / f"{entry.id}.png").is_file():
        loading = "" if large else ' loading="lazy"'
        return (
            f'<img src="{root}thumbs/{entry.id}.png" alt="{_e(entry.title)}" {size}'
            f'{loading} decoding="async">'
        )
    # No thumbnail in the gallery: a soft glow in the mood's colour stands in for it.
    return f'<div class="no-picture" role="img" aria-label="{_e(entry.title)}"><span>☺</span></div>'


def _photo_notice(entry: Entry) -> str:
    return (
        f'{PHOTO_BADGE}\n    <p class="photo-notice">{_e(entry.author or "The maker")} shared'
        " a portrait photo with this smile: the bundle holds it, and the face in it is"
        " theirs. Please ask before using it anywhere else.</p>"
    )


def _mood_chip(mood: str | None, link: str) -> str:
    if not mood:
        return ""
    return (
        f'<a class="chip mood small {mood_class(mood)}" href="{link}index.html#mood={quote(mood)}">'
        f'<span class="dot"></span>{_e(mood_label(mood))}</a>'
    )


def _tag_links(tags: Iterable[str], root: str) -> str:
    return "".join(
        f'<li><a href="{root}index.html#tag={quote(tag)}">#{_e(tag)}</a></li>' for tag in tags
    )


def _lineage(entry: Entry, titles: dict[str, str], children: list[Entry]) -> str:
    parts = []
    if entry.parents:
        items = "".join(
            f'<li><a href="{parent}.html">{_e(titles[parent])}</a><code>{parent[:12]}</code></li>'
            if parent in titles
            else f'<li><span class="unknown" title="{parent}">{parent[:12]}</span>'
            ' <span class="muted">(not in this gallery)</span></li>'
            for parent in entry.parents
        )
        parts.append(f'<h3>Remix of</h3><ul class="lineage parents">{items}</ul>')
    if children:
        items = "".join(
            f'<li><a href="{child.id}.html">{_e(child.title)}</a></li>' for child in children
        )
        parts.append(f'<h3>Remixed as</h3><ul class="lineage children">{items}</ul>')
    return "\n".join(parts) or '<p class="muted">An original: no parents, no remixes yet.</p>'


def _download(href: str, label: str, detail: str) -> str:
    return (
        f'<a class="download" href="{href}" download><strong>{label}</strong>'
        f"<span>{_e(detail)}</span></a>"
    )


def _excerpt(story: str) -> str:
    text = " ".join(story.split())
    if len(text) <= EXCERPT_CHARS:
        return text
    return text[:EXCERPT_CHARS].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _makers(count: int) -> str:
    return "" if count == 0 else f"by {count} maker{'' if count == 1 else 's'}"


def _date(moment: datetime) -> str:
    return f"{moment:%d %B %Y}".lstrip("0")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _page(template: str, **values: str) -> str:
    return Template(_asset(template)).substitute(values)


def _asset(name: str) -> str:
    return resources.files("fusionsmile.gallery").joinpath("site_assets", name).read_text("utf-8")


def _write_text(path: Path, text: str) -> None:
    with atomic_write(path) as temp:
        temp.write_text(text, encoding="utf-8")


def _copy(source: Path, target: Path) -> None:
    with atomic_write(target) as temp:
        shutil.copyfile(source, temp)
