"""Exporters, picked by format name. Markdown renders as CommonMark/GFM task lists.

The HTML page and the SVG card are drawn in `export_html` and `export_svg`, from templates.

Every piece of text from a user or a roadmap file is escaped, so a note cannot open a heading,
a list, a link or raw HTML, nor run onto the next line.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from roadmap_cli import stats

if TYPE_CHECKING:
    from roadmap_cli.digest import Digest
    from roadmap_cli.models import Phase, Resource, Status, Track
    from roadmap_cli.records import Progress, SkillProgress

# What can open markup mid-line. Text never starts a line (it always follows a list marker or a
# label), so line-start syntax such as "1." or "-" cannot trigger and stays readable.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_LINE_BREAKS = re.compile(r"[\t\r\n\u0085\u2028\u2029]+")


def md_text(text: str) -> str:
    """Escape text for inline Markdown: one line (breaks and tabs become spaces), no markup."""
    if not text.isprintable():  # printable text has none of these: the usual case, at C speed
        text = _LINE_BREAKS.sub(" ", text)
        if not text.isprintable():
            text = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf", "Cs"))
    text = text.strip()
    # A search is a fraction of a substitution's cost, and most names hold no markup.
    return text if _MARKUP.search(text) is None else _MARKUP.sub(r"\\\1", text)


def md_url(url: str) -> str:
    """A link destination in angle brackets; characters that could end it are percent-encoded."""
    from urllib.parse import quote

    return "<" + quote(url.strip(), safe=":/?#[]@!$&'()*+,;=%~-._") + ">"


def md_link(res: Resource) -> str:
    title = md_text(res.title)
    text = f"[{title}]({md_url(res.url)})" if res.url else title
    if res.type:
        text = f"{text} · {res.type}"
    return f"{text} ({md_text(res.focus)})" if res.focus else text


def _status_text(record: SkillProgress) -> str:
    when = record.finished or record.started
    day = f" {stats.local_day(when).isoformat()}" if when else ""
    return {
        "done": f" (done{day})",
        "skipped": f" (skipped{day})",
        "in-progress": f" (in progress since{day})",
    }.get(record.status, "")


def _task(name: str, record: SkillProgress, optional: bool) -> str:
    """A skill's task item: its box, name, whether it is optional, its status and day."""
    box = "x" if stats.is_complete(record.status) else " "
    tail = " (optional)" if optional else ""
    if record.status != "todo":  # a skill to do says nothing more
        tail += _status_text(record)
    return f"- [{box}] {md_text(name)}{tail}"


def _heading(track: Track, statuses: dict[str, Status], today: date) -> list[str]:
    """The export's title and overall line, as both forms begin."""
    overall = stats.track_completion(track, statuses)
    return [
        f"# {md_text(track.title)}: progress",
        "",
        f"Overall: {overall.percent}% of required skills complete "
        f"({overall.complete}/{overall.total}: {overall.done} done, {overall.skipped} skipped). "
        f"Exported {today.isoformat()}.",
        "",
    ]


def _learner_lines(record: SkillProgress, band: str) -> list[str]:
    """A skill's notes, links and review band, as items under its task."""
    from roadmap_cli.texts import is_link

    lines = [f"  - Note: {md_text(note.text)}" for note in record.notes]
    for link in record.links:
        if is_link(link.url):  # a model built in memory, not read: never emitted
            lines.append(f"  - Link: <{md_url(link.url)[1:-1]}>")
    if band:
        lines.append(f"  - Review: {band}")
    return lines


def to_brief_markdown(track: Track, progress: Progress, roadmap_id: str, today: date) -> str:
    """The track's progress as a compact GFM document: task lists per phase, notes, links,
    resources (`export --brief`)."""
    records = progress.skills(roadmap_id)
    statuses = {sid: rec.status for sid, rec in records.items()}
    band = _review_bands(progress, roadmap_id, today)
    lines = _heading(track, statuses, today)
    blank = progress.blank_record()
    for phase in track.phases:
        done = stats.phase_completion(track, phase, statuses)
        lines += [f"## {md_text(phase.label)} ({done.percent}%)", ""]
        for label, value in (
            ("Goals", phase.goals),
            ("Why", phase.why),
            ("Impact", phase.impact),
            ("Outcome", phase.outcome),
        ):
            if value:
                lines += [f"**{label}:** {md_text(value)}", ""]
        for sid in phase.skill_ids:
            record = records.get(sid, blank)
            skill = track.skill_by_id[sid]
            lines.append(_task(skill.name, record, track.is_optional(sid)))
            if skill.resources:
                lines += [f"  - Learn: {md_link(res)}" for res in skill.resources]
            if record.notes or record.links or record.status == "done":  # else none
                lines += _learner_lines(record, band(sid) if record.status == "done" else "")
        lines.append("")
        if phase.resources:
            lines += ["Resources:", ""]
            lines += [f"- {md_link(res)}" for res in phase.resources]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _review_bands(progress: Progress, roadmap_id: str, today: date) -> Callable[[str], str]:
    """Each done skill's review band (strong, fading, due) as of `today`; "" without a card."""
    from datetime import datetime, time, timezone

    from roadmap_cli import reviews

    cards = reviews.cards(progress, roadmap_id)
    noon = datetime.combine(today, time(12), tzinfo=timezone.utc)  # the day, not the hour

    def band(skill_id: str) -> str:
        card = cards.get(skill_id)
        return reviews.band(card, noon, today) if card else ""

    return band


# Markdown from the roadmap file is kept as Markdown, made safe for a notes repository: no raw
# HTML (`<` and `&` escaped), no heading of its own (a `#` at a line's start escaped, so the
# export's headings stay its structure), and links only to web addresses.
_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*((?:[^()\s]|\([^()\s]*\))*)[^)\n]*\)")
_HEADING = re.compile(r"^(\s{0,3})(#|=+\s*$|-{3,}\s*$)", re.M)


def md_block(text: str, indent: str = "") -> list[str]:
    """A description (Markdown) as lines of a block, each `indent`ed, made safe (see above)."""
    if not text.isprintable():
        text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def link(found: re.Match[str]) -> str:
        bang, label, url = found.groups()
        if re.match(r"(https?://|mailto:)\S+$", url):
            return f"{bang}[{label}]({url})"
        return f"{bang}\\[{label}\\]"  # not a web address: the words only

    text = _HEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), _LINK.sub(link, text))
    return [(indent + line).rstrip() if line.strip() else "" for line in text.split("\n")]


def _fields(phase: Phase) -> list[tuple[str, str | None]]:
    return [
        ("Goals", phase.goals),
        ("Why", phase.why),
        ("Impact", phase.impact),
        ("Outcome", phase.outcome),
    ]


def _sections(track: Track, at: str) -> list[str]:
    """The track's sections shown at its start (or end), as Markdown."""
    lines: list[str] = []
    for section in (s for s in track.sections if s.at == at):
        lines.extend([f"## {md_text(section.title)}", ""])
        if section.text:
            lines += [*md_block(section.text), ""]
        for item in section.items:
            block = md_block(item, "  ")
            lines.append("- " + block[0][2:])
            lines.extend(block[1:])
        if section.items:
            lines.append("")
        lines += [f"- {md_link(res)}" for res in section.resources]
        if section.resources:
            lines.append("")
    return lines


def to_markdown(track: Track, progress: Progress, roadmap_id: str, today: date) -> str:
    """The whole track as a GFM document for a notes repository: its description and
    sections, each phase's fields, groups, choices and skills (task items with descriptions,
    prerequisites, resources, notes, links). `export --brief` gives the compact list."""
    records = progress.skills(roadmap_id)
    statuses = {sid: rec.status for sid, rec in records.items()}
    band = _review_bands(progress, roadmap_id, today)
    lines = _heading(track, statuses, today)
    if track.description:
        lines += [*md_block(track.description), ""]
    if track.source:
        lines += [f"Source: {md_text(track.source)}", ""]

    lines += _sections(track, "start")
    blank = progress.blank_record()
    by_id, optional = track.skill_by_id, track.optional_ids
    for phase in track.phases:
        done = stats.phase_completion(track, phase, statuses)
        lines += [f"## {md_text(phase.label)} ({done.percent}%)", ""]
        if phase.tag:
            lines += [f"*{md_text(phase.tag)}*", ""]
        for label, value in _fields(phase):
            if value:
                block = md_block(value)
                lines += [f"**{label}:** {block[0]}", *block[1:], ""]
        if phase.tools:
            lines += [f"**Tools:** {', '.join(md_text(t) for t in phase.tools)}", ""]
        offered = {sid: c for c in phase.choices for sid in c.one_of}
        group: str | None = None
        choice = None
        for sid in phase.skill_ids:  # once per skill (50,000 in a large roadmap): lean
            skill = by_id[sid]
            if skill.group and skill.group != group:
                lines += ["", f"### {md_text(skill.group)}", ""]
                group, choice = skill.group, None
            entry = offered.get(sid)
            if entry is not None and entry is not choice:
                names = ", ".join(md_text(by_id[i].name) for i in entry.one_of)
                lines += ["", f"Choose {entry.count} of {len(entry.one_of)}: {names}", ""]
            elif entry is None and choice is not None:
                lines.append("")
            choice = entry
            record = records.get(sid, blank)
            lines.append(_task(skill.name, record, sid in optional))
            if skill.description:
                lines += ["", *md_block(skill.description, "  "), ""]
            if skill.resources:
                lines += [f"  - Learn: {md_link(res)}" for res in skill.resources]
            if skill.after:
                needs = ", ".join(md_text(by_id[i].name) for i in skill.after)
                lines.append(f"  - Needs: {needs}")
            if record.notes or record.links or record.status == "done":  # else none
                lines += _learner_lines(record, band(sid) if record.status == "done" else "")
        lines.append("")
        if phase.resources:
            lines += ["**Resources:**", ""]
            lines += [f"- {md_link(res)}" for res in phase.resources]
            lines.append("")
    lines += _sections(track, "end")
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).rstrip("\n") + "\n"


def to_json(track: Track, progress: Progress, roadmap_id: str, today: date) -> str:
    """Everything, every track: progress, notes, links and history, exactly as stored.

    `roadmap import` takes it back; export, import into an empty store, export again gives
    the same document.
    """
    from roadmap_cli.fileformat import serialize

    return serialize(progress).decode("utf-8")


def to_html(
    track: Track, progress: Progress, roadmap_id: str, today: date, digest: Digest | None = None
) -> str:
    from roadmap_cli.export_html import to_html

    return to_html(track, progress, roadmap_id, today, digest)


def to_svg(
    track: Track, progress: Progress, roadmap_id: str, today: date, digest: Digest | None = None
) -> str:
    from roadmap_cli.export_svg import to_svg

    return to_svg(track, progress, roadmap_id, today, digest)


EXPORTERS: dict[str, Callable[..., str]] = {  # (track, progress, roadmap id, today)
    "markdown": to_markdown,
    "markdown-brief": to_brief_markdown,
    "json": to_json,
    "html": to_html,
    "svg": to_svg,
}
# What `--format` takes (`options.ExportFormat`); "markdown-brief" is `--brief`'s.
FORMATS = ("markdown", "json", "html", "svg")
# The formats that read the whole history: JSON keeps it.
WITH_HISTORY = frozenset({"json"})
# Those that show what `status` shows of it (streaks, pace, activity): they take its digest.
WITH_DIGEST = frozenset({"html", "svg"})
