"""The review use cases: list what is due, rate a skill, add or remove cards; and the review
figures that `show`, `next`, `status` and the dashboard add to their results.

Cards belong to the roadmap (a skill is remembered or not whatever the track); a skill is
named through the track in use, else found by its id in another track of the roadmap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from roadmap_cli import results, reviews
from roadmap_cli.errors import RoadmapError, UsageError
from roadmap_cli.session import Reader, Session, Settings, open_session

if TYPE_CHECKING:
    from roadmap_cli.models import Roadmap, Skill, Track
    from roadmap_cli.records import Card, Progress, Rating


def _home(roadmap: Roadmap, track: Track, skill_id: str) -> Track | None:
    """The track that has the skill: the one in use first."""
    if skill_id in track.skill_by_id:
        return track
    return next((t for t in roadmap.tracks if skill_id in t.skill_by_id), None)


def _resolve(roadmap: Roadmap, track: Track, query: str) -> tuple[Skill, Track]:
    """A skill by id, name, alias or prefix in the track in use, else by id in another."""
    from roadmap_cli import lookup

    try:
        skill = lookup.resolve_skill(track, query)
    except RoadmapError:
        home = _home(roadmap, track, query.strip())
        if home is None:
            raise
        return home.skill_by_id[query.strip()], home
    return skill, track


def _item(
    roadmap: Roadmap, track: Track, skill_id: str, card: Card, now: datetime
) -> results.ReviewItem:
    home = _home(roadmap, track, skill_id)
    skill = home.skill_by_id[skill_id] if home else None
    phases = home.phases_of.get(skill_id) if home else None
    return results.ReviewItem(
        skill_id,
        skill,
        phases[0] if phases else None,
        card,
        reviews.retention(card, now),
        reviews.due_day(card),
        home.resources_for(skill_id) if home else [],
    )


def review_list(settings: Settings, track_id: str | None) -> results.ReviewList:
    """The cards due today or earlier, the least likely to be remembered first."""
    session = open_session(settings, track_id)
    progress = session.load(history=False)
    session.keep_plain(progress)
    now, today = settings.clock.now(), settings.clock.today()
    return due(session.roadmap, session.track, progress, now, today)


def due(
    roadmap: Roadmap, track: Track, progress: Progress, now: datetime, today: date
) -> results.ReviewList:
    """`review_list` of the progress at hand (the fast route's too)."""
    found = reviews.cards(progress, roadmap.id)
    items = [
        _item(roadmap, track, sid, card, now)
        for sid, card in found.items()
        if reviews.is_due(card, today)
    ]
    items.sort(key=lambda item: (item.retention, item.due, item.skill_id))
    return results.ReviewList(items, today, reviews.count(found, today), len(found))


def item(settings: Settings, track_id: str | None, target: str) -> results.ReviewItem:
    """One skill's card, due or not (`review SKILL` on a terminal, to rate it now)."""
    session = open_session(settings, track_id)
    skill, _ = _resolve(session.roadmap, session.track, target)
    card = reviews.cards(session.load(history=False), session.roadmap.id).get(skill.id)
    if card is None:
        raise _not_in_review(skill)
    return _item(session.roadmap, session.track, skill.id, card, settings.clock.now())


def _not_in_review(skill: Skill) -> UsageError:
    return UsageError(
        f"{skill.name} is not in review (only done skills are); "
        f"to review it anyway: roadmap review --add {skill.id}"
    )


def rate(
    settings: Settings,
    track_id: str | None,
    target: str,
    rating: Rating,
    relearn: bool = False,
    desired_retention: float = reviews.DEFAULT_RETENTION,
) -> results.Reviewed:
    """Rate how well a skill is remembered: its card is scheduled again, as one undoable change.

    With `relearn` and the rating "again", the skill is also put back in progress.
    """
    session = open_session(settings, track_id)
    now, today = settings.clock.now(), settings.clock.today()
    return rate_in(session, target, rating, relearn, desired_retention, now, today)


def rate_in(
    session: Session,
    target: str,
    rating: Rating,
    relearn: bool,
    desired_retention: float,
    now: datetime,
    today: date,
    reader: Reader | None = None,
    drawn: Callable[[results.Reviewed], object] | None = None,
) -> results.Reviewed:
    """`rate` in an open session. The fast route (`fastroute`) reads the file (`reader`) and
    draws the result (`drawn`) before the change is saved, as for `session.change_in`."""
    from roadmap_cli import changes

    roadmap = session.roadmap
    skill, home = _resolve(roadmap, session.track, target)
    rid, sid = roadmap.id, skill.id
    with session.appending(reader=reader) as progress:  # a rating only appends
        found = reviews.stored(progress, rid)
        card = found.get(sid)
        if card is None:
            raise _not_in_review(skill)
        after = reviews.rate(card, rating, now, desired_retention, progress)
        batch = changes.next_batch(progress)
        changes.record(progress, batch, now, (rid, home.id, sid), "review", rating, card)
        found[sid] = after
        again = relearn and rating == "again"
        record = progress.record(rid, sid)
        if again and record.status != "in-progress":
            back = changes.transition(record, "start", now)
            changes.record(progress, batch, now, (rid, home.id, sid), "start", after=back)
        item = _item(roadmap, session.track, sid, after, now)
        result = results.Reviewed(item, rating, card, again, today)
        if drawn is not None:
            drawn(result)
    return result


def change_cards(
    settings: Settings, track_id: str | None, targets: Sequence[str], add: bool
) -> results.ReviewCards:
    """`review --add` (any skill studied: done, skipped, in progress) or `--remove`, as one
    undoable change."""
    session = open_session(settings, track_id)
    return change_cards_in(session, targets, add, settings.clock.now())


def change_cards_in(
    session: Session,
    targets: Sequence[str],
    add: bool,
    now: datetime,
    reader: Reader | None = None,
    drawn: Callable[[results.ReviewCards], object] | None = None,
) -> results.ReviewCards:
    """`change_cards` in an open session (`reader`, `drawn`: as for `rate_in`)."""
    from roadmap_cli import changes

    roadmap = session.roadmap
    chosen = [_resolve(roadmap, session.track, target) for target in dict.fromkeys(targets)]
    rid = roadmap.id
    outcome = []
    with session.appending(reader=reader) as progress:
        found = reviews.stored(progress, rid)
        batch = changes.next_batch(progress)
        for skill, home in chosen:
            record = progress.record(rid, skill.id)
            if add and record.status == "todo":
                raise UsageError(
                    f"{skill.name} is todo: only a skill you have studied can be reviewed"
                )
            before = found.get(skill.id)
            if (before is None) != add:  # already as asked
                outcome.append((skill, False))
                continue
            where = (rid, home.id, skill.id)
            what = "add" if add else "remove"
            changes.record(progress, batch, now, where, "review", what, before)
            if add:
                seen = record.finished or record.started or now
                found[skill.id] = reviews.new_card(seen, progress)
            else:
                del found[skill.id]
            outcome.append((skill, True))
        result = results.ReviewCards(add, outcome)
        if drawn is not None:
            drawn(result)
    return result
