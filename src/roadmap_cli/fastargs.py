"""The command lines the fast route (`fastroute`) answers, parsed as Click parses them: each
command's options it knows, its arguments; anything else is None (the full route's)."""

from __future__ import annotations

JSON = {"--json": "json"}
COMMANDS: dict[str, dict[str, str]] = {  # each command's options: name -> field
    "next": {"-n": "count", "--count": "count", "-a": "all", "--all": "all", **JSON},
    "status": JSON,
    "list": {"-p": "phase", "--phase": "phase", "-s": "status", "--status": "status", **JSON},
    "show": {"-p": "phase_only", "--phase": "phase_only", **JSON},
    "search": JSON,
    "tracks": JSON,
    # The list of what is due (not the walk through it on a terminal); a rating, --add, --remove.
    "review": {
        **JSON,
        **{"-r": "rating", "--rating": "rating", "--relearn": "relearn"},
        **{"--add": "add", "--remove": "remove"},
    },
    "export": {
        **{"-f": "format", "--format": "format", "--brief": "brief"},
        **{"-o": "output", "--output": "output"},
    },
    "goal": {"--clear": "clear", **JSON},
    "use": {},  # `use` has no `--track`
    "history": {
        "--since": "since",
        "-n": "limit",
        "--limit": "limit",
        "-a": "all",
        "--all": "all",
        **JSON,
    },
    "where": JSON,
    "schema": {},
    "doctor": {},  # not `--restore-backup`
    "validate": {},
    "import": {"--dry-run": "dry_run"},
    "undo": {},  # nor has `undo` (see `fastundo`)
}
# The changes taken here, with the options that say more of them (`changes.Details`).
NOTE, LINK, ON = {"-n": "note", "--note": "note"}, {"-l": "link", "--link": "link"}, {"--on": "on"}
PHASE = {"-p": "phase", "--phase": "phase"}  # every skill of a phase, instead of skills named
COMMANDS.update(
    done={**NOTE, **LINK, **ON, **PHASE},
    start={**ON, **PHASE},
    skip={**ON, **PHASE},
    reset=PHASE,
    log={**NOTE, **ON},
    # `note SKILL` alone lists the notes: a report.
    note={**LINK, **ON, "-d": "delete", "--delete": "delete", "--clear": "clear"},
)
CHANGES = ("done", "start", "skip", "reset")  # the skills named (`SKILLS`)
NAMING = (*CHANGES, "review")  # the commands that take skills (`SKILLS`)
# The commands that take arguments, and how many: TARGET, TERM; SKILL and TEXT or DURATION;
# DATE, TRACK, PATH, FILE.
ARGUMENTS = {
    "show": 1,
    "search": 1,
    "note": 2,
    "log": 2,
    "goal": 1,
    "use": 1,
    "validate": 1,
    "import": 1,
}
ARGUMENT = ("show", "search", "note")  # reports of the first argument
FLAGS = ("all", "json", "phase_only", "brief", "clear", "relearn", "add", "remove", "dry_run")
MANY = ("link",)  # options given again add a value, joined by NUL (which no argument holds)
SKILLS = "\0skills"  # the skills named, joined by NUL
# The commands without a `--track` of their own (the root's is given before the command).
WITHOUT_TRACK = ("use", "undo", "where", "schema", "doctor", "validate", "import")


def parse(args: list[str]) -> tuple[str, dict[str, str], dict[str, str]] | None:
    """(command, root options, command options) as Click parses them, for the forms known
    here; None for anything else. The dashboard is the command ""."""
    root: dict[str, str] = {}
    options: dict[str, str] = {}
    command = None
    i = 0
    while i < len(args):
        word = args[i]
        i += 1
        if not word.startswith("-"):
            if command in NAMING:
                options[SKILLS] = f"{options[SKILLS]}\0{word}" if SKILLS in options else word
                continue
            if command in ARGUMENTS:
                name = "argument" if "argument" not in options else "argument2"
                if name == "argument2" and (ARGUMENTS[command] < 2 or name in options):
                    return None
                options[name] = word
                continue
            if command is not None or word not in COMMANDS:
                return None
            command = word
            continue
        name, value = _split(word)
        field = _field(command, name)
        if field is None:
            return None
        if field in FLAGS:
            if value is not None:
                return None
            options[field] = "1"
            continue
        if value is None:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        if value.startswith("-"):
            return None
        found = root if field == "roadmap" or command is None else options
        if field in MANY and field in found:
            value = f"{found[field]}\0{value}"
        found[field] = value
    return command or "", root, options


def _split(word: str) -> tuple[str, str | None]:
    """`--name=value`, `-xVALUE` or a name alone (value None)."""
    if word.startswith("--"):
        name, eq, value = word.partition("=")
        return name, value if eq else None
    if len(word) > 2:
        return word[:2], word[2:]
    return word, None


def _field(command: str | None, name: str) -> str | None:
    if name == "--roadmap":
        return "roadmap"
    if name in ("-t", "--track"):
        return None if command in WITHOUT_TRACK else "track"
    if command is None:
        return None
    return COMMANDS[command].get(name)
