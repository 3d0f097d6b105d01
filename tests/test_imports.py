"""The import graph: no circles, every package on one level and every import pointing down,
and only the Saleor side importing Saleor.

Two views, because each misses something: the source (every `import`, also those inside
functions, which run only on some path) and a fresh interpreter (what importing really loads).
"""

import ast
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PACKAGE = "saleor_stepmail"
ROOT = Path(__file__).resolve().parent.parent
ENGINE = (f"{PACKAGE}.engine", f"{PACKAGE}.models", f"{PACKAGE}.vocabulary")
# The package's levels, lowest first: a module imports from its own package or from a level
# below it, never from its own level or above (docs/architecture.md draws the same order).
LEVELS = (
    ("vocabulary", "constants", "conf"),
    ("models",),
    ("engine",),
    ("adapter", "presets"),
    ("api",),
    ("graphql", "tracking", "dashboard"),
    ("tasks", "urls"),
    ("beat", "http"),
    ("plugin", "apps", "management"),
)
LEVEL = {f"{PACKAGE}.{name}": level for level, names in enumerate(LEVELS) for name in names}
SALEOR_SIDE = (f"{PACKAGE}.plugin", f"{PACKAGE}.adapter")
ABOVE_ENGINE = tuple(
    f"{PACKAGE}.{name}"
    for name in ("tasks", "beat", "api", "graphql", "plugin", "adapter", "http", "urls")
) + ("saleor",)


def _modules() -> dict[str, tuple[Path, bool]]:
    found = {}
    for path in (ROOT / PACKAGE).rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    return found


def _imports(name: str, path: Path, is_package: bool) -> set[str]:
    """Every module `name` imports, wherever the import statement stands."""
    package = name if is_package else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            targets.add(target)
            targets.update(f"{target}.{alias.name}" for alias in node.names)
    return targets


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {
        name: {t for t in _imports(name, *where) if t != name} for name, where in modules.items()
    }


def _is_under(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module] & graph.keys():
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
            if len(group) > 1:
                circles.append(sorted(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return circles


def test_no_module_imports_itself_back_through_others():
    assert _circles(_graph()) == []


def _top(module: str) -> str:
    """The package-level part a module belongs to: saleor_stepmail.engine for engine.chunk."""
    return ".".join(module.split(".")[:2])


def test_every_module_has_a_level():
    assert {_top(m) for m in _modules() if m != PACKAGE} <= set(LEVEL)


def test_every_import_points_to_a_lower_level():
    upward = [
        f"{module} imports {target}"
        for module, targets in _graph().items()
        if module != PACKAGE
        for target in targets
        # Names of the package itself (__version__) are no module of a level.
        if _top(target) in LEVEL
        and _top(target) != _top(module)
        and LEVEL[_top(target)] >= LEVEL[_top(module)]
    ]
    assert upward == []


def test_only_the_saleor_side_imports_saleor():
    importers = sorted(
        module
        for module, targets in _graph().items()
        if _is_under(module, (PACKAGE,)) and any(_is_under(t, ("saleor",)) for t in targets)
    )
    assert importers and all(_is_under(m, SALEOR_SIDE) for m in importers), importers


def test_engine_source_reaches_nothing_above_it():
    graph = _graph()
    for start in sorted(m for m in graph if _is_under(m, ENGINE)):
        seen, todo = set(), [start]
        while todo:
            module = todo.pop()
            for target in graph.get(module, ()):
                assert not _is_under(target, ABOVE_ENGINE), f"{start} reaches {target} via {module}"
                if target not in seen:
                    seen.add(target)
                    todo.append(target)


# The app without its ready(), which loads the Celery tasks on purpose: what the engine's own
# modules load is then all that is in sys.modules.
_ENGINE_ONLY = """
import importlib, json, sys
from django.apps import AppConfig
from django.conf import settings

class Bare(AppConfig):
    name = label = "saleor_stepmail"
    default_auto_field = "django.db.models.BigAutoField"

settings.configure(
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "__main__.Bare"],
    DATABASES={"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "unused"}},
    USE_TZ=True,
)
import django
django.setup()
above = tuple(sys.argv[1].split(","))
loaded = {}
for module in sys.argv[2:]:
    importlib.import_module(module)
    loaded[module] = sorted(
        m for m in sys.modules if any(m == a or m.startswith(a + ".") for a in above)
    )
print(json.dumps(loaded))
"""


def test_engine_modules_load_nothing_above_them_in_a_fresh_interpreter():
    engine = sorted(m for m in _modules() if _is_under(m, ENGINE))
    result = subprocess.run(
        [sys.executable, "-c", _ENGINE_ONLY, ",".join(ABOVE_ENGINE), *engine],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert set(loaded) == set(engine)
    assert {module: above for module, above in loaded.items() if above} == {}


def test_every_module_imports_in_a_fresh_interpreter():
    """Under the settings of this run; plugin.py and adapter/ only where Saleor is."""
    skip = () if importlib.util.find_spec("saleor") else (f"{PACKAGE}.plugin", f"{PACKAGE}.adapter")
    modules = sorted(m for m in _modules() if not _is_under(m, skip))
    script = "import importlib, sys, django\ndjango.setup()\n" + "".join(
        f"importlib.import_module({m!r})\n" for m in modules
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": settings.SETTINGS_MODULE}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, env=environment
    )
    assert result.returncode == 0, result.stderr
