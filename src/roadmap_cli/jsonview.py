"""The `--json` rendering of each result: plain dicts in a documented, stable shape (README).

`document(result)` picks the view by the result's type. Dates and times are ISO 8601: times
in UTC with their offset, days as YYYY-MM-DD.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from roadmap_cli import results as r

if TYPE_CHECKING:
    from roadmap_cli.models import Choice, Phase, Resource
    from roadmap_cli.records import Event, SkillProgress
    from roadmap_cli.stats import Completion, Pace


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


def choice(item: Choice | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {"one_of": list(item.one_of), "count": item.count}


def skill(row: r.SkillRow) -> dict[str, Any]:
    return {
        "id": row.skill.id,
        "name": row.skill.name,
        "optional": row.optional or row.extra,
        "group": row.skill.group,
        "choice": choice(row.choice),
        "after": list(row.skill.after),
        "ready": row.ready,
        **record(row.record),
    }


def phase_ref(phase: Phase) -> dict[str, Any]:
    return {"id": phase.id, "number": phase.number, "title": phase.title}


def phase(row: r.PhaseRow) -> dict[str, Any]:
    item = row.phase
    return {
        **phase_ref(item),
        "tag": item.tag,
        "elective": item.elective,
        "goals": item.goals,
        "outcome": item.outcome,
        "why": item.why,
        "impact": item.impact,
        "tools": list(item.tools),
        "completion": completion(row.completion),
        "choices": [
            {**(choice(c) or {}), "completion": completion(done)} for c, done in row.choices
        ],
        "skills": [skill(s) for s in row.skills],
        "resources": [resource(res) for res in item.resources],
    }


def _header(head: r.Overview) -> dict[str, Any]:
    return {
        "roadmap": head.roadmap_id,
        "track": head.track.id,
        "title": head.track.title,
        "overall": completion(head.overall),
        "optional": completion(head.optional),
    }


def track_list(found: r.TrackList) -> dict[str, Any]:
    return {**_header(found.head), "phases": [phase(row) for row in found.phases]}


def phase_detail(found: r.PhaseDetail) -> dict[str, Any]:
    return {"type": "phase", **phase(found.row)}


def skill_detail(found: r.SkillDetail) -> dict[str, Any]:
    item = found.row.skill
    return {
        "type": "skill",
        **skill(found.row),
        "aliases": list(item.aliases),
        "description": item.description,
        "phases": [phase_ref(p) for p in found.phases],
        "resources": [resource(res) for res in found.resources],
        "needs": [skill(s) for s in found.needs],
        "unlocks": [skill(s) for s in found.unlocks],
        "choices": [choice(c) for c in found.choices],
    }


def track_detail(found: r.TrackDetail) -> dict[str, Any]:
    track = found.head.track
    return {
        "type": "track",
        **_header(found.head),
        "description": track.description,
        "source": track.source,
        "sections": [
            {
                "title": s.title,
                "at": s.at,
                "text": s.text,
                "items": list(s.items),
                "resources": [resource(res) for res in s.resources],
            }
            for s in track.sections
        ],
        "phases": [phase(row) for row in found.phases],
    }


def suggestions(found: r.Suggestions) -> dict[str, Any]:
    return {
        "track": found.track.id,
        "suggestions": [
            {
                "id": item.skill.id,
                "name": item.skill.name,
                "status": item.status,
                "optional": item.optional,
                "ready": item.ready,
                "choice": choice(item.choice),
                "phase": phase_ref(item.phase),
                "why": item.phase.purpose,
                "resources": [resource(res) for res in found.resources[item.skill.id]],
            }
            for item in found.picked
        ],
        "required_left": found.required_left,
        "optional_left": found.optional_left,
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


def no_projection(pace: Pace) -> str | None:
    """Why there is no projected finish, in words (None: there is one); the terminal's too."""
    from roadmap_cli.stats import MIN_HISTORY_DAYS

    return {
        None: None,
        "no-history": "no changes recorded yet",
        "short-history": f"needs {MIN_HISTORY_DAYS} days of history ({pace.window_days} so far)",
        "all-complete": "every required skill is complete",
        "none-completed": f"nothing completed in the last {pace.window_days} days",
    }[pace.why_not]


def pace(found: Pace) -> dict[str, Any]:
    return {
        "per_week": round(found.per_week, 2) if found.per_week is not None else None,
        "window_days": found.window_days,
        "completed": found.completed,
        "remaining": found.remaining,
        "projected_finish": found.finish.isoformat() if found.finish else None,
        "reason": no_projection(found),
    }


def status_report(found: r.StatusReport) -> dict[str, Any]:
    return {
        **_header(found.head),
        "counts": {name: found.counts[name] for name in r.STATUS_ORDER},
        "phases": [
            {
                **phase_ref(row.phase),
                "completion": completion(row.completion),
                "choices": [
                    {**(choice(c) or {}), "completion": completion(done)} for c, done in row.choices
                ],
            }
            for row in found.phases
        ],
        "recent": [event(e) for e in found.recent],
        "streak": {"current": found.streak, "longest": found.longest},
        "pace": pace(found.pace),
    }


def track_summaries(found: r.TrackSummaries) -> dict[str, Any]:
    return {
        "default": found.default,
        "current": found.current,
        "tracks": [
            {
                "id": t.id,
                "title": t.title,
                "phases": len(t.phases),
                "skills": len(t.skills),
                "completion": completion(done),
            }
            for t, done in found.entries
        ],
    }


def history(found: r.HistoryView) -> dict[str, Any]:
    return {
        "as_of": found.as_of.isoformat(),
        "events": [event(e) for e in found.events],
        "total": found.total,
    }


def places(found: r.Places) -> dict[str, str]:
    return {name: str(path) for name, path in found.paths.items()}


VIEWS: dict[type, Callable[[Any], Any]] = {
    r.TrackList: track_list,
    r.PhaseDetail: phase_detail,
    r.SkillDetail: skill_detail,
    r.TrackDetail: track_detail,
    r.Suggestions: suggestions,
    r.StatusReport: status_report,
    r.HistoryView: history,
    r.TrackSummaries: track_summaries,
    r.Places: places,
}


def document(result: object) -> Any:
    return VIEWS[type(result)](result)
