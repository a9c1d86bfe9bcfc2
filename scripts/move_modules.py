"""Move first-party modules and rewrite every import and dotted path that names them.

    .venv/bin/python scripts/move_modules.py OLD=NEW [OLD=NEW ...]

``OLD`` and ``NEW`` are dotted module paths (``tuphap.legislation.programme_models=
tuphap.legislation.programme.models``). The file is moved with ``git mv`` (a package's
``__init__.py`` is created where missing), then every ``.py`` file under ``tuphap/``, ``config/``,
``bench/`` and ``scripts/`` and every Markdown file under ``docs/`` is rewritten:

- ``from OLD import x`` becomes ``from NEW import x`` (as does every other mention of the dotted
  path: ``mock.patch("OLD.f")``, docstrings, docs);
- ``from PARENT import OLD_LEAF`` becomes ``from NEW_PARENT import NEW_LEAF as OLD_LEAF`` (the
  local name is kept, so call sites do not change).

Run ``ruff check --fix --select I`` and ``ruff format`` afterwards to sort the imports. Used for
the layout of ADR 0012; kept for the next move.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def module_file(module: str) -> Path:
    return ROOT / (module.replace(".", "/") + ".py")


def git(*arguments: str) -> None:
    # A developer's tool: it runs git on paths it computed itself.
    subprocess.run(["git", *arguments], check=True, cwd=ROOT)  # noqa: S603, S607


def move_file(old: str, new: str) -> None:
    source = module_file(old)
    if not source.exists():
        package = ROOT / old.replace(".", "/")
        if (package / "__init__.py").exists():
            source = package
        else:
            raise SystemExit(f"no module {old}")
    target = module_file(new) if source.is_file() else ROOT / new.replace(".", "/")
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    walk = parent
    while walk != ROOT / "tuphap" and walk != ROOT:
        init = walk / "__init__.py"
        if not init.exists():
            init.write_text("")
            git("add", str(init))
        walk = walk.parent
    git("mv", str(source), str(target))


def rewrite_from_import(node: ast.ImportFrom, moves: dict[str, str], indent: str) -> list[str]:
    """The lines that replace ``node``, or [] when it names no moved module."""
    module = node.module or ""
    if node.level:
        return []
    touched = [alias for alias in node.names if f"{module}.{alias.name}" in moves]
    if not touched:
        return []
    lines = []
    kept = [alias for alias in node.names if alias not in touched]
    if kept:
        names = ", ".join(
            alias.name + (f" as {alias.asname}" if alias.asname else "") for alias in kept
        )
        lines.append(f"{indent}from {module} import {names}")
    for alias in touched:
        parent, leaf = moves[f"{module}.{alias.name}"].rsplit(".", 1)
        local = alias.asname or alias.name
        suffix = f" as {local}" if local != leaf else ""
        lines.append(f"{indent}from {parent} import {leaf}{suffix}")
    return lines


def rewrite_python(path: Path, moves: dict[str, str], pattern: re.Pattern[str]) -> bool:
    original = path.read_text()
    # Dotted paths first (``from OLD import x``, strings, docstrings), then the imports of a
    # moved module by its parent; the other order would rewrite a new path a second time.
    text = pattern.sub(lambda match: moves[match.group(0)], original)
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    lines = text.splitlines(keepends=True)
    edits: list[tuple[int, int, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            indent = lines[node.lineno - 1][: node.col_offset]
            new = rewrite_from_import(node, moves, indent)
            if new:
                edits.append((node.lineno - 1, node.end_lineno or node.lineno, new))
    for start, end, new in sorted(edits, reverse=True):
        lines[start:end] = [line + "\n" for line in new]
    result = "".join(lines)
    if result != original:
        path.write_text(result)
        return True
    return False


def main(arguments: list[str]) -> None:
    moves = dict(argument.split("=", 1) for argument in arguments)
    for old, new in moves.items():
        move_file(old, new)
    # Longest first, so that ``a.b_c`` is not taken for ``a.b``.
    alternatives = "|".join(re.escape(old) for old in sorted(moves, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w.])(?:{alternatives})(?![\w])")
    changed = 0
    files = [
        *ROOT.glob("tuphap/**/*.py"),
        *ROOT.glob("config/**/*.py"),
        *ROOT.glob("bench/**/*.py"),
        *ROOT.glob("scripts/**/*.py"),
        ROOT / "conftest.py",
    ]
    for path in files:
        if path.resolve() == Path(__file__).resolve():
            continue
        changed += rewrite_python(path, moves, pattern)
    for path in [*ROOT.glob("docs/**/*.md"), ROOT / "README.md", ROOT / "pyproject.toml"]:
        text = path.read_text()
        result = pattern.sub(lambda match: moves[match.group(0)], text)
        if result != text:
            path.write_text(result)
            changed += 1
    print(f"moved {len(moves)} modules, rewrote {changed} files")


if __name__ == "__main__":
    main(sys.argv[1:])
