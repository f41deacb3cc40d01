"""Cross-reference checks of a track, worded: ids, aliases, names, choices, prerequisites.

`models.Track` checks the usual case, a valid track, with set operations; this walk runs only
when that check fails (or prerequisites need a cycle search) and finds every problem, each
with where it is, so that `validate` can report them all.
"""

from __future__ import annotations

from typing import Any

# The walk takes a `models.Track` and its skills, unannotated by name: `models` calls this
# module, which therefore imports nothing of it, not even for annotations.
Problem = tuple[str, tuple[str | int, ...]]


def problems(track: Any) -> list[Problem]:
    """Every problem of the track's references, each (message, where), in file order."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}

    def claim(key: str, owner: str, at: tuple[str | int, ...]) -> None:
        key = key.casefold()
        if key in seen:
            problems.append((f"{owner} clashes with {seen[key]}", at))
        else:
            seen[key] = owner

    for k, skill in enumerate(track.skills):
        claim(skill.id, f"skill id '{skill.id}'", ("skills", k, "id"))
    for k, skill in enumerate(track.skills):
        for m, alias in enumerate(skill.aliases):
            if alias.casefold() != skill.id:
                where = ("skills", k, "aliases", m)
                claim(alias, f"alias '{alias}' of skill '{skill.id}'", where)
    named: dict[str, str] = {}
    for k, skill in enumerate(track.skills):
        first = named.setdefault(skill.name.casefold(), skill.id)
        if first != skill.id:
            message = f"skill name '{skill.name}' is also the name of skill '{first}'"
            problems.append((message, ("skills", k, "name")))
    skill_ids = {s.id for s in track.skills}
    for k, skill in enumerate(track.skills):
        for m, sid in enumerate(skill.after):
            where = ("skills", k, "after", m)
            if sid == skill.id:
                problems.append((f"skill '{sid}' comes after itself", where))
            elif sid not in skill_ids:
                problems.append((f"skill '{skill.id}' comes after unknown skill '{sid}'", where))
    position = {s.id: k for k, s in enumerate(track.skills)}
    for cycle in cycles(track.skills):
        k = position[cycle[0]]
        where = ("skills", k, "after", track.skills[k].after.index(cycle[1]))
        path = " -> ".join(cycle)
        problems.append((f"prerequisites form a cycle: {path}", where))
    phase_ids: set[str] = set()
    for i, phase in enumerate(track.phases):
        if phase.id in phase_ids:
            problems.append((f"phase id '{phase.id}' is used twice", ("phases", i, "id")))
        phase_ids.add(phase.id)
        if not phase.skills:  # nothing to show, nothing to study: a mistake in the file
            problems.append((f"phase '{phase.id}' lists no skills", ("phases", i)))
        listed: set[str] = set()
        for j, entry in enumerate(phase.skills):
            if isinstance(entry, str):
                places = [(entry, ("phases", i, "skills", j))]
            else:
                places = [
                    (sid, ("phases", i, "skills", j, "one_of", m))
                    for m, sid in enumerate(entry.one_of)
                ]
            for sid, where in places:
                if sid not in skill_ids:
                    message = f"phase '{phase.id}' lists unknown skill '{sid}'"
                    problems.append((message, where))
                elif sid in listed:
                    message = f"phase '{phase.id}' lists skill '{sid}' twice"
                    problems.append((message, where))
                listed.add(sid)
    used = {sid for phase in track.phases for sid in phase.skill_ids}
    for k, skill in enumerate(track.skills):
        if skill.id not in used:
            message = f"skill '{skill.id}' is not listed in any phase"
            problems.append((message, ("skills", k)))
    return problems


def cycles(skills: list[Any]) -> list[list[str]]:
    """Each cycle of prerequisites once, as ids from a skill back to itself, in file order."""
    after = {s.id: s.after for s in skills if s.after}
    if not after:
        return []
    state: dict[str, int] = {}  # 1: on the current path, 2: finished
    found: list[list[str]] = []
    for start in after:
        if start in state:
            continue
        path = [start]
        todo = [iter(after.get(start, ()))]
        state[start] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                if nxt != path[-1]:  # a skill after itself is reported on its own
                    found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(after.get(nxt, ())))
    return found
