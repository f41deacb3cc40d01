"""The `--json` rendering of each result: plain dicts in a documented, stable shape (README).

`document(result)` picks the view by the result's type. Dates and times are ISO 8601: times
in UTC with their offset, days as YYYY-MM-DD.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from roadmap_cli import fileresults as fr
from roadmap_cli import results as r

if TYPE_CHECKING:
    from roadmap_cli.models import Choice, Phase, Resource
    from roadmap_cli.records import Card, Event, SkillProgress
    from roadmap_cli.reviews import Count, Standing
    from roadmap_cli.stats import Completion, Goal, Pace


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
        "notes": [{"text": note.text, "at": _time(note.at)} for note in rec.notes],
        "links": [{"url": link.url, "added": _time(link.added)} for link in rec.links],
        "log": [
            {"on": _time(item.on), "minutes": item.minutes, "note": item.note} for item in rec.log
        ],
        "minutes": sum(item.minutes or 0 for item in rec.log),
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
        "review": review_standing(found.review),
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
        "id": item.id,
        "at": _time(item.at),
        "on": _time(item.on),
        "roadmap": item.roadmap,
        "track": item.track,
        "skill": item.skill,
        "action": item.action,
        "old": item.old,
        "new": item.new,
        "undoes": item.undoes,
        "minutes": item.minutes,
        "text": item.text,
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
        "hours_per_week": _rounded(found.hours_per_week),
    }


def _rounded(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def goal(found: Goal | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "date": found.day.isoformat(),
        "required_per_week": _rounded(found.required_per_week),
        "per_week": _rounded(found.per_week),
        "on_track": found.on_track,
        "behind": found.behind,
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
        "goal": goal(found.goal),
        "activity": [
            {"day": d.day.isoformat(), "minutes": d.minutes, "events": d.events}
            for d in found.activity
        ],
        "reviews": review_count(found.reviews),
    }


def search_results(found: r.SearchResults) -> dict[str, Any]:
    return {
        "term": found.term,
        "current": found.current,
        "hits": [
            {
                "kind": hit.kind,
                "id": hit.id,
                "label": hit.label,
                "text": hit.text,
                "track": hit.track,
                "phase": hit.phase,
                "status": hit.status,
            }
            for hit in found.hits
        ],
    }


def goal_choice(found: r.GoalChoice) -> dict[str, Any]:
    return {"track": found.track.id, "goal": found.day.isoformat() if found.day else None}


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


def places(found: fr.Places) -> dict[str, str]:
    return {name: str(path) for name, path in found.paths.items()}


# --- spaced review ------------------------------------------------------------------------


def card(found: Card) -> dict[str, Any]:
    return {
        "due": _time(found.due),
        "stability": found.stability,
        "difficulty": found.difficulty,
        "state": found.state,
        "reps": found.reps,
        "lapses": found.lapses,
        "last_review": _time(found.last_review),
        "last_rating": found.last_rating,
    }


def review_count(found: Count | None) -> dict[str, Any] | None:
    if found is None:
        return None
    next_due = found.next_due.isoformat() if found.next_due else None
    return {"due": found.due, "overdue": found.overdue, "next_due": next_due}


def review_standing(found: Standing | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "due": found.due.isoformat(),
        "is_due": found.is_due,
        "retention": round(found.retention, 4),
        "reviews": found.card.reps,
        "last_rating": found.card.last_rating,
        "card": card(found.card),
    }


def review_item(item: r.ReviewItem) -> dict[str, Any]:
    return {
        "id": item.skill_id,
        "name": item.skill.name if item.skill else None,
        "phase": phase_ref(item.phase) if item.phase else None,
        "last_seen": _time(item.card.last_review),
        "retention": round(item.retention, 4),
        "due": item.due.isoformat(),
        "card": card(item.card),
    }


def review_list(found: r.ReviewList) -> dict[str, Any]:
    return {
        "as_of": found.today.isoformat(),
        "due": [review_item(item) for item in found.items],
        "reviews": review_count(found.count),
        "cards": found.cards,
    }


def reviewed(found: r.Reviewed) -> dict[str, Any]:
    return {
        "rating": found.rating,
        "relearn": found.relearn,
        "before": card(found.before),
        **review_item(found.item),
    }


VIEWS: dict[type, Callable[[Any], Any]] = {
    r.TrackList: track_list,
    r.PhaseDetail: phase_detail,
    r.SkillDetail: skill_detail,
    r.TrackDetail: track_detail,
    r.Suggestions: suggestions,
    r.StatusReport: status_report,
    r.HistoryView: history,
    r.TrackSummaries: track_summaries,
    fr.Places: places,
    r.SearchResults: search_results,
    r.GoalChoice: goal_choice,
    r.ReviewList: review_list,
    r.Reviewed: reviewed,
}


def document(result: object) -> Any:
    return VIEWS[type(result)](result)
