"""Reference sections of the README generated from the single sources of truth.

``python -m sitroom.docs`` rewrites the marked sections of README.md;
``python -m sitroom.docs --check`` exits 1 when they are stale (a test runs it).
"""
from __future__ import annotations

import re
import sys

from . import schema, taxonomy
from .settings import ROOT, describe


def settings_table() -> str:
    rows = ["| variable | default | what it sets |", "| --- | --- | --- |"]
    rows += [f"| `{env}` | `{default}` | {help_} |" for env, default, help_ in describe()]
    return "\n".join(rows)


def columns_table(table: str) -> str:
    rows = ["| column | type | meaning |", "| --- | --- | --- |"]
    for c in schema.TABLES[table]:
        edit = " (editable)" if c.editable else ""
        rows.append(f"| `{c.name}` | {c.sql.split()[0]} | {c.help}{edit} |")
    return "\n".join(rows)


def types_table() -> str:
    rows = ["| type | quad class | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{t}` | {q or '-'} | {d} |" for t, (q, _, d) in taxonomy.EVENT_TYPES.items()]
    return "\n".join(rows)


def cli_reference() -> str:
    import click

    from .cli import main
    ctx = click.Context(main, info_name="sitroom")
    lines = []
    for name in sorted(main.list_commands(ctx)):
        cmd = main.get_command(ctx, name)
        usage = " ".join(cmd.collect_usage_pieces(ctx))
        lines.append(f"- `sitroom {name} {usage}`: {cmd.get_short_help_str(limit=200)}")
    return "\n".join(lines)


SECTIONS = {"settings": settings_table, "events": lambda: columns_table("events"),
            "articles": lambda: columns_table("articles"), "types": types_table, "cli": cli_reference}


def render(text: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(rf"(<!-- {name}:start -->).*?(<!-- {name}:end -->)", re.S)
        text = pattern.sub(lambda m: f"{m.group(1)}\n{make()}\n{m.group(2)}", text)
    return text


def main(argv: list[str]) -> int:
    path = ROOT / "README.md"
    current = path.read_text(encoding="utf-8")
    fresh = render(current)
    if "--check" in argv:
        missing = [n for n in SECTIONS if f"<!-- {n}:start -->" not in current]
        if fresh != current or missing:
            print(f"README.md is stale (missing sections: {missing}); run `python -m sitroom.docs`")
            return 1
        return 0
    path.write_text(fresh, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
