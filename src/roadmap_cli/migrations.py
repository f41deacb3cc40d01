"""Migrations of the progress file between schema versions: `MIGRATIONS[N]` turns a document
of version N (as `json.loads` gives it) into version N+1. Used by `fileformat.parse`.

Each step takes what it knows and leaves anything else as it was, for the validation that
follows to explain; a shape it cannot walk raises (TypeError, KeyError...), which
`fileformat` reports as a shape that version never had.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

# roadmap id -> track id -> old skill id -> the id of the skill that now `replaces` it
Renames = Mapping[str, Mapping[str, Mapping[str, str]]]


def _links_become_records(data: dict[str, Any], renames: Renames) -> dict[str, Any]:
    """Schema 1 kept a skill's links as bare URLs; schema 2 records when each was added."""

    def upgrade(record: dict[str, Any]) -> None:
        if isinstance(record, dict) and isinstance(record.get("links"), list):
            record["links"] = [
                {"url": link} if isinstance(link, str) else link for link in record["links"]
            ]

    for tracks in (data.get("roadmaps") or {}).values():
        for skills in (tracks or {}).values() if isinstance(tracks, dict) else ():
            for record in (skills or {}).values() if isinstance(skills, dict) else ():
                upgrade(record)
    for event in data.get("events") or ():
        if isinstance(event, dict):
            upgrade(event.get("before"))
    return {**data, "schema_version": 2}


EARLY = "1970-01-01T00:00:00Z"


def _when(value: Any) -> Any:
    """A time as schema 2 wrote it, for comparing; None for anything else (left for the
    validation that follows to explain)."""
    from datetime import datetime

    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value.replace("Z", "+00:00"))  # 3.10 has no "Z"
    except ValueError:
        return None
    return found if found.tzinfo is not None else None


def _latest(values: Any) -> Any:
    """The latest of some schema-2 times, as written; None when none can be read."""
    known = [(_when(v), v) for v in values if _when(v) is not None]
    return max(known, key=lambda pair: pair[0])[1] if known else None


def _record_time(record: dict[str, Any]) -> Any:
    links = record.get("links") if isinstance(record.get("links"), list) else []
    added = [link.get("added") for link in links if isinstance(link, dict)]
    return _latest([record.get("started"), record.get("finished"), *added])


def _dated_note(record: Any, at: Any) -> None:
    """Schema 2's one note becomes schema 3's first dated note."""
    if isinstance(record, dict) and "note" in record:
        text = record.pop("note")
        if text is not None:
            record["notes"] = [{"text": text, "at": at}]


def _one_record_per_skill(data: dict[str, Any], renames: Renames) -> dict[str, Any]:
    """Schema 2 kept progress per track; schema 3 per skill of a roadmap file, whatever track
    lists it, with dated notes, and a unique id on every event.

    A record kept under an id its track's skill now `replaces` moves to that skill first,
    within its track (`renames`: roadmap id -> track id -> old id -> new id): an old id of
    one track may be a live id of another, which names another skill.

    A skill's records in several tracks become one: its status (and start and finish) from
    the record changed most recently, judged by the latest event in that track that changed
    the skill's status, else by the record's own latest time; every note kept, each dated by
    the change that set it; links unioned. The history is kept whole.
    """
    import uuid

    events = [e for e in data.get("events") or () if isinstance(e, dict)]
    # Per (roadmap, track, skill): the latest status change, the note then held and since when.
    changed: dict[tuple[Any, Any, Any], Any] = {}
    notes: dict[tuple[Any, Any, Any], tuple[Any, Any]] = {}
    last: dict[tuple[Any, Any, Any], Any] = {}
    for event in events:
        event.setdefault("id", str(uuid.uuid4()))
        key = (event.get("roadmap"), event.get("track"), event.get("skill"))
        before = event.get("before")
        held = before.get("note") if isinstance(before, dict) else None
        text, since = notes.get(key, (None, None))
        if held != text:  # set by the key's previous change
            text, since = held, last.get(key)
            notes[key] = (text, since)
        fallback = _record_time(before) if isinstance(before, dict) else None
        _dated_note(before, since or fallback or event.get("at"))
        if event.get("old") != event.get("new") and _when(event.get("at")) is not None:
            changed[key] = event.get("at")
        last[key] = event.get("at")
    newest = _latest(last.values()) or EARLY

    if not isinstance(data.get("roadmaps", {}), dict):
        return {**data, "schema_version": 3}  # for the validation that follows to explain
    roadmaps: dict[Any, Any] = {}
    for rid, tracks in data.get("roadmaps", {}).items():
        if not isinstance(tracks, dict):
            roadmaps[rid] = tracks  # for the validation that follows to explain
            continue
        merged: dict[Any, Any] = {}
        ranks: dict[Any, tuple[int, Any]] = {}
        for tid, skills in tracks.items():
            moved = renames.get(rid, {}).get(tid, {})
            for old_id, record in skills.items():
                if not isinstance(record, dict):
                    raise TypeError(record)
                key = (rid, tid, old_id)
                new_id = moved.get(old_id)
                sid = new_id if new_id is not None and new_id not in skills else old_id
                text, since = notes.get(key, (None, None))
                held = record.get("note")
                at = (since if held == text else last.get(key)) or _record_time(record)
                _dated_note(record, at or newest)
                when = changed.get(key) or _record_time(record)
                rank = (0, None) if when is None else (1, _when(when))
                if sid not in merged:
                    merged[sid], ranks[sid] = record, rank
                    continue
                kept, other = merged[sid], record
                if rank[0] > ranks[sid][0] or (rank[0] and rank[1] > ranks[sid][1]):
                    kept, other = record, merged[sid]
                    ranks[sid] = rank
                merged[sid] = _joined(kept, other)
        roadmaps[rid] = merged
    return {**data, "roadmaps": roadmaps, "schema_version": 3}


def _joined(kept: dict[str, Any], other: dict[str, Any]) -> dict[str, Any]:
    """`kept`'s status, start and finish; the notes and links of both."""
    notes = [*kept.get("notes", ()), *other.get("notes", ())]
    unique = list({(n["text"], n["at"]): n for n in notes}.values())
    links: dict[Any, Any] = {}
    for link in [*kept.get("links", ()), *other.get("links", ())]:
        links.setdefault(link["url"] if isinstance(link, dict) else link, link)
    joined = {k: v for k, v in kept.items() if k not in {"notes", "links"}}
    if unique:
        joined["notes"] = sorted(unique, key=lambda n: _when(n["at"]) or _when(EARLY))
    if links:
        joined["links"] = list(links.values())
    return joined


MIGRATIONS: dict[int, Callable[[dict[str, Any], Renames], dict[str, Any]]] = {
    1: _links_become_records,
    2: _one_record_per_skill,
}
"""schema_version N -> function turning a version-N document into version N+1."""
