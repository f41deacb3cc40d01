"""Resolve what the user typed to skills and phases: id, name, alias or unique prefix. Pure."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from roadmap_cli.errors import AmbiguousError, NotFoundError, UsageError, shown
from roadmap_cli.names import Index, normalize

if TYPE_CHECKING:
    from roadmap_cli.models import Phase, Skill, Track

MAX_QUERY = 200


def phase_index(track: Track) -> Index:
    entries = []
    for p in track.phases:
        names = [p.id, p.title]
        if p.number is not None:
            names.append(str(p.number))
        entries.append((p.id, names))
    return Index(entries)


def _check_query(query: str, what: str) -> None:
    if not query.strip():
        raise UsageError(f"empty {what} name")
    if len(query) > MAX_QUERY:
        raise NotFoundError(f"no {what} matches {shown(query)} (names are short)")


def _pick(index: Index, query: str, what: str, describe: Callable[[], dict[str, str]]) -> str:
    """The one id `query` names; `describe` (ids to labels, in order) is built only to explain."""
    _check_query(query, what)
    ids, _exact = index.find(query)
    if len(ids) == 1:
        return next(iter(ids))
    if ids:
        labels = describe()
        ordered = [i for i in labels if i in ids]
        listed = ", ".join(f"{i} ({labels[i]})" for i in ordered[:8])
        extra = f", and {len(ordered) - 8} more" if len(ordered) > 8 else ""
        raise AmbiguousError(
            f"{shown(query)} matches {len(ids)} {what}s: {listed}{extra}; type more of the name"
        )
    hints = index.suggest(query)
    hint = f"; did you mean {', '.join(hints)}?" if hints else ""
    raise NotFoundError(f"no {what} matches {shown(query)}{hint}")


def resolve_skill(track: Track, query: str) -> Skill:
    def describe() -> dict[str, str]:
        # typing more of a name cannot tell two skills of the same name apart: their phases can
        return {s.id: f"{s.name}, {_first_phase(track, s.id)}" for s in track.skills}

    found = track.skill_by_id.get(normalize(query))
    if found is not None:  # an exact id wins (ids clash with no alias), and needs no index
        return found
    return track.skill_by_id[_pick(track.skill_index, query, "skill", describe)]


def _first_phase(track: Track, skill_id: str) -> str:
    phases = track.phases_of.get(skill_id) or []
    return f"in {phases[0].label}" if phases else "in no phase"


def resolve_skills(track: Track, queries: Sequence[str]) -> list[Skill]:
    """Resolve every argument before anything changes: one bad name aborts the whole command."""
    return [resolve_skill(track, q) for q in queries]


def resolve_phase(track: Track, query: str) -> Phase:
    def describe() -> dict[str, str]:
        return {p.id: p.label for p in track.phases}

    return track.phase_by_id[_pick(phase_index(track), query, "phase", describe)]


def resolve_target(track: Track, query: str) -> Phase | Skill:
    """A phase or a skill: an exact id first, then an exact name, title or number, then
    prefixes. A tie at the first level that matches lists every candidate, of both kinds."""
    _check_query(query, "phase or skill")
    key = normalize(query)
    if key in track.skill_by_id:  # a skill id wins; `show --phase` asks for a phase
        return track.skill_by_id[key]
    if key in track.phase_by_id:
        return track.phase_by_id[key]
    phases, skills = phase_index(track), track.skill_index
    phase_ids, phase_exact = phases.find(query)
    skill_ids, skill_exact = skills.find(query)
    if phase_exact or skill_exact:  # an exact name outranks any prefix
        phase_ids = phase_ids if phase_exact else set()
        skill_ids = skill_ids if skill_exact else set()
    if len(phase_ids) + len(skill_ids) == 1:
        if phase_ids:
            return track.phase_by_id[next(iter(phase_ids))]
        return track.skill_by_id[next(iter(skill_ids))]
    if phase_ids or skill_ids:
        names = [f"phase {p.id} ({p.label})" for p in track.phases if p.id in phase_ids]
        names += [
            f"skill {s.id} ({s.name}, {_first_phase(track, s.id)})"
            for s in track.skills
            if s.id in skill_ids
        ]
        listed = ", ".join(names[:8]) + (f", and {len(names) - 8} more" if len(names) > 8 else "")
        hint = "; for the phase: roadmap show --phase ID" if phase_ids and skill_ids else ""
        raise AmbiguousError(f"{shown(query)} matches {len(names)} items: {listed}{hint}")
    hints = (phases.suggest(query) + skills.suggest(query))[:3]
    hint = f"; did you mean {', '.join(hints)}?" if hints else ""
    raise NotFoundError(f"no phase or skill matches {shown(query)}{hint}")


Hit = tuple[str, str, str, str]


def search(track: Track, term: str) -> list[Hit]:
    """Case-insensitive matches of `term` in skills, phases, their texts and resources.

    Each hit is (kind, id, label, the text that matched), in roadmap order.
    """
    _check_query(term, "search")
    needle = term.strip().casefold()
    hits: list[Hit] = []

    def look(kind: str, ident: str, label: str, *texts: str | None) -> None:
        for text in texts:
            if text and needle in text.casefold():
                hits.append((kind, ident, label, text))
                return

    for sid in track.ordered_skill_ids:
        skill = track.skill_by_id[sid]
        look("skill", sid, skill.name, skill.name, sid, *skill.aliases, skill.description)
    for phase in track.phases:
        texts = (phase.title, phase.tag, phase.goals, phase.outcome, phase.why, phase.impact)
        look("phase", phase.id, phase.label, *texts)
        for res in phase.resources:
            look("resource", phase.id, res.title, res.title, res.focus, res.url)
    for skill in track.skills:
        for res in skill.resources:
            look("resource", skill.id, res.title, res.title, res.focus, res.url)
    return hits
