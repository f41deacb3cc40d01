"""The `--json` documents: plain dicts in a documented, stable shape (see the README).

Dates and times are ISO 8601: times in UTC with their offset, days as YYYY-MM-DD.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from roadmap_cli import progress as core

if TYPE_CHECKING:
    from roadmap_cli.models import Event, Phase, Resource, Skill, SkillProgress, Status, Track
    from roadmap_cli.planner import Suggestion
    from roadmap_cli.progress import Completion, Pace


def dumps(doc: Any, ascii_only: bool = False) -> str:
    return json.dumps(doc, ensure_ascii=ascii_only, indent=2) + "\n"


def _time(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def completion(done: Completion) -> dict[str, int]:
    return {
        "complete": done.complete,
        "done": done.done,
        "skipped": done.skipped,
        "in_progress": done.in_progress,
        "total": done.total,
        "percent": done.percent,
    }


def resource(res: Resource) -> dict[str, str | None]:
    return {"title": res.title, "url": res.url, "type": res.type, "focus": res.focus}


def record(rec: SkillProgress) -> dict[str, Any]:
    return {
        "status": rec.status,
        "started": _time(rec.started),
        "finished": _time(rec.finished),
        "note": rec.note,
        "links": [{"url": link.url, "added": _time(link.added)} for link in rec.links],
    }


def skill(track: Track, item: Skill, rec: SkillProgress) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "optional": track.is_optional(item.id),
        **record(rec),
    }


def phase_ref(phase: Phase) -> dict[str, Any]:
    return {"id": phase.id, "number": phase.number, "title": phase.title}


def phase(
    track: Track,
    item: Phase,
    records: dict[str, SkillProgress],
    status_filter: Status | None = None,
) -> dict[str, Any]:
    from roadmap_cli.models import SkillProgress

    statuses = {sid: rec.status for sid, rec in records.items()}
    blank = SkillProgress.blank()
    skills = [
        skill(track, track.skill_by_id[sid], records.get(sid, blank))
        for sid in item.skills
        if not status_filter or records.get(sid, blank).status == status_filter
    ]
    return {
        **phase_ref(item),
        "tag": item.tag,
        "elective": item.elective,
        "goals": item.goals,
        "outcome": item.outcome,
        "why": item.why,
        "impact": item.impact,
        "completion": completion(core.phase_completion(track, item, statuses)),
        "skills": skills,
        "resources": [resource(r) for r in item.resources],
    }


def _header(roadmap_id: str, track: Track, records: dict[str, SkillProgress]) -> dict[str, Any]:
    statuses = {sid: rec.status for sid, rec in records.items()}
    return {
        "roadmap": roadmap_id,
        "track": track.id,
        "title": track.title,
        "overall": completion(core.track_completion(track, statuses)),
        "optional": completion(core.optional_completion(track, statuses)),
    }


def track_list(
    roadmap_id: str,
    track: Track,
    records: dict[str, SkillProgress],
    phases: Sequence[Phase],
    status_filter: Status | None,
) -> dict[str, Any]:
    shown = [phase(track, p, records, status_filter) for p in phases]
    if status_filter:
        shown = [p for p in shown if p["skills"]]
    return {**_header(roadmap_id, track, records), "phases": shown}


def skill_detail(track: Track, item: Skill, rec: SkillProgress) -> dict[str, Any]:
    phases = track.phases_of[item.id]
    return {
        "type": "skill",
        **skill(track, item, rec),
        "aliases": list(item.aliases),
        "description": item.description,
        "group": item.group,
        "phases": [phase_ref(p) for p in phases],
        "resources": [resource(r) for r in track.resources_for(item.id)],
    }


def track_detail(
    roadmap_id: str, track: Track, records: dict[str, SkillProgress]
) -> dict[str, Any]:
    return {
        "type": "track",
        **_header(roadmap_id, track, records),
        "description": track.description,
        "source": track.source,
        "sections": [
            {
                "title": s.title,
                "text": s.text,
                "items": list(s.items),
                "resources": [resource(r) for r in s.resources],
            }
            for s in track.sections
        ],
        "phases": [phase(track, p, records) for p in track.phases],
    }


def suggestions(
    track: Track, picked: Sequence[Suggestion], required_left: int, optional_left: int
) -> dict[str, Any]:
    return {
        "track": track.id,
        "suggestions": [
            {
                "id": item.skill.id,
                "name": item.skill.name,
                "status": item.status,
                "optional": item.optional,
                "phase": phase_ref(item.phase),
                "why": item.phase.purpose,
                "resources": [resource(r) for r in track.resources_for(item.skill.id)],
            }
            for item in picked
        ],
        "required_left": required_left,
        "optional_left": optional_left,
    }


def event(item: Event) -> dict[str, Any]:
    return {
        "seq": item.seq,
        "at": _time(item.at),
        "roadmap": item.roadmap,
        "track": item.track,
        "skill": item.skill,
        "action": item.action,
        "old": item.old,
        "new": item.new,
        "undoes": item.undoes,
    }


def pace(found: Pace) -> dict[str, Any]:
    return {
        "per_week": round(found.per_week, 2) if found.per_week is not None else None,
        "window_days": found.window_days,
        "completed": found.completed,
        "remaining": found.remaining,
        "projected_finish": found.finish.isoformat() if found.finish else None,
        "reason": found.reason,
    }


def status(
    roadmap_id: str,
    track: Track,
    records: dict[str, SkillProgress],
    recent: Sequence[Event],
    streak: int,
    longest: int,
    found: Pace,
) -> dict[str, Any]:
    statuses = {sid: rec.status for sid, rec in records.items()}
    counts = dict.fromkeys(("todo", "in-progress", "done", "skipped"), 0)
    for sid in track.ordered_skill_ids:
        counts[statuses.get(sid, "todo")] += 1
    return {
        **_header(roadmap_id, track, records),
        "counts": counts,
        "phases": [
            {**phase_ref(p), "completion": completion(core.phase_completion(track, p, statuses))}
            for p in track.phases
        ],
        "recent": [event(e) for e in recent],
        "streak": {"current": streak, "longest": longest},
        "pace": pace(found),
    }


def tracks(entries: Sequence[tuple[Track, Completion]], current: str, default: str) -> dict:
    return {
        "default": default,
        "current": current,
        "tracks": [
            {
                "id": t.id,
                "title": t.title,
                "phases": len(t.phases),
                "skills": len(t.skills),
                "completion": completion(done),
            }
            for t, done in entries
        ],
    }


def history(events: Sequence[Event], today: date) -> dict[str, Any]:
    return {"as_of": today.isoformat(), "events": [event(e) for e in events]}
