"""The deployment files name modules, apps and commands that exist.

Docker cannot run here, so these tests read ``docker-compose.yml``, the ``Dockerfile``, the
``Makefile`` and ``scripts/*.sh`` and check what they name: the gunicorn target, every
``celery -A`` app, every settings module and every ``manage.py`` command. Imports that decide
how the containers start run in a fresh interpreter with the compose environment, so the
production settings are the ones exercised, not the test settings this process runs on.
"""

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
DOCKERFILE = (ROOT / "Dockerfile").read_text()
SHELL_FILES = [ROOT / "Makefile", *sorted((ROOT / "scripts").glob("*.sh"))]


def _interpolate(value):
    """Compose's ``${VAR:-default}`` and ``${VAR:?message}``, as if nothing were set but required values."""
    value = re.sub(r"\$\{(\w+):-([^}]*)\}", r"\2", str(value))
    return re.sub(r"\$\{(\w+):\?[^}]*\}", lambda match: f"deploy-files-test-{match[1].lower()}", value)


def _compose_commands():
    """(where, shell text) for every command a compose service runs, its health checks included."""
    commands = []
    for name, service in COMPOSE["services"].items():
        for key in ("entrypoint", "command"):
            if key in service:
                commands.append((f"{name}.{key}", service[key]))
        if "healthcheck" in service:
            test = service["healthcheck"]["test"]
            if isinstance(test, list) and test[0] in ("CMD", "CMD-SHELL"):
                test = test[1:]
            commands.append((f"{name}.healthcheck", test))
    return [
        (where, (shlex.join(text) if isinstance(text, list) else text).replace("$$", "$"))
        for where, text in commands
    ]


def _dockerfile_instructions(keyword):
    """The arguments of every ``keyword`` instruction, line continuations joined."""
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(f"{keyword} ")]


def _dockerfile_commands():
    commands = [(f"Dockerfile RUN {n}", text) for n, text in enumerate(_dockerfile_instructions("RUN"), 1)]
    for text in _dockerfile_instructions("CMD") + _dockerfile_instructions("ENTRYPOINT"):
        commands.append(("Dockerfile CMD", shlex.join(json.loads(text)) if text.startswith("[") else text))
    return commands


def _shell_file_commands():
    return [(path.name, path.read_text()) for path in SHELL_FILES]


def _gunicorn_targets(commands):
    return [
        (where, target) for where, text in commands for target in re.findall(r"gunicorn\s+([\w.]+:\w+)", text)
    ]


def _celery_apps(commands):
    pattern = r"celery\s+(?:-A|--app)[\s=]+([\w.:]+)"
    return [(where, app) for where, text in commands for app in re.findall(pattern, text)]


def _manage_py_commands(commands):
    return [(where, name) for where, text in commands for name in re.findall(r"manage\.py\s+(\w+)", text)]


def _container_env(**extra):
    """This machine's environment as the app containers see it: compose's variables, no settings module."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update({key: _interpolate(value) for key, value in COMPOSE["x-app"]["environment"].items()})
    env.update(extra)
    return env


def _run_python(code, **extra_env):
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_container_env(**extra_env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, (result.stdout + result.stderr).strip()


def _wsgi_app_problem(target):
    module, attribute = target.split(":")
    code = (
        f"import importlib; module = importlib.import_module({module!r}); "
        f"assert callable(getattr(module, {attribute!r}, None)), 'no callable {attribute} in {module}'"
    )
    status, output = _run_python(code)
    return None if status == 0 else output.splitlines()[-1]


def _celery_app_problem(name):
    code = (
        "from celery import Celery; from celery.app.utils import find_app; "
        f"app = find_app({name!r}); assert isinstance(app, Celery), repr(app)"
    )
    status, output = _run_python(code)
    return None if status == 0 else output.splitlines()[-1]


def test_compose_web_command_names_an_importable_wsgi_app():
    targets = _gunicorn_targets(_compose_commands())
    assert [where for where, _ in targets] == ["web.command"]
    for _, target in targets:
        assert _wsgi_app_problem(target) is None, target


def test_dockerfile_cmd_names_an_importable_wsgi_app():
    targets = _gunicorn_targets(_dockerfile_commands())
    assert [where for where, _ in targets] == ["Dockerfile CMD"]
    for _, target in targets:
        assert _wsgi_app_problem(target) is None, target


def test_compose_celery_commands_name_a_celery_app():
    apps = _celery_apps(_compose_commands())
    assert {"worker.command", "beat.command"} <= {where for where, _ in apps}
    problems = {f"{where}: celery -A {app}": _celery_app_problem(app) for where, app in apps}
    assert not {command: problem for command, problem in problems.items() if problem}


def test_makefile_and_scripts_run_celery_with_the_config_app():
    apps = _celery_apps(_shell_file_commands())
    assert apps, "neither the Makefile nor scripts/*.sh starts celery"
    assert [(where, app) for where, app in apps if app != "config"] == []
    assert _celery_app_problem("config") is None


def _settings_modules():
    """Every DJANGO_SETTINGS_MODULE the deploy files set, and the defaults the entry points fall back on."""
    named = []
    for name, service in COMPOSE["services"].items():
        environment = service.get("environment") or {}
        if isinstance(environment, list):
            environment = dict(item.split("=", 1) for item in environment)
        if "DJANGO_SETTINGS_MODULE" in environment:
            named.append((f"compose {name}", _interpolate(environment["DJANGO_SETTINGS_MODULE"])))
    dockerfile = [*_dockerfile_commands(), ("Dockerfile ENV", " ".join(_dockerfile_instructions("ENV")))]
    for where, text in dockerfile:
        named += [(where, module) for module in re.findall(r"DJANGO_SETTINGS_MODULE[= ]([\w.]+)", text)]
    for where, text in _shell_file_commands():
        named += [(where, module) for module in re.findall(r"DJANGO_SETTINGS_MODULE=([\w.]+)", text)]
    for path in ["manage.py", "config/wsgi.py", "config/asgi.py", "config/celery.py"]:
        text = (ROOT / path).read_text()
        named += [(path, module) for module in re.findall(r"DJANGO_SETTINGS_MODULE\", \"([\w.]+)\"", text)]
    return named


def test_every_settings_module_the_containers_use_sets_django_up():
    named = _settings_modules()
    assert {"manage.py", "config/wsgi.py", "config/celery.py"} <= {where for where, _ in named}
    problems = {}
    for where, module in named:
        status, output = _run_python("import django; django.setup()", DJANGO_SETTINGS_MODULE=module)
        if status:
            problems[f"{where}: {module}"] = output.splitlines()[-1]
    assert not problems


@pytest.mark.parametrize(
    "commands",
    [_compose_commands, _dockerfile_commands, _shell_file_commands],
    ids=["docker-compose.yml", "Dockerfile", "Makefile and scripts"],
)
def test_every_manage_py_command_the_deploy_files_run_exists(commands):
    named = _manage_py_commands(commands())
    known = get_commands()
    assert [(where, name) for where, name in named if name not in known] == []


def _dockerfile_dependency_layer_packages():
    """The packages the dependency layer fakes (``mkdir -p`` and the ``touch`` loop) before ``COPY . .``."""
    layer = next(text for text in _dockerfile_instructions("RUN") if "pip install --no-cache-dir ." in text)
    made = re.search(r"mkdir -p ([\w ]+?)\s*&&", layer)[1].split()
    touched = re.search(r"for package in ([\w ]+);\s*do touch \"\$package/__init__.py\"", layer)[1].split()
    return made, touched


def test_dockerfile_dependency_layer_packages_match_pyproject():
    made, touched = _dockerfile_dependency_layer_packages()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    included = [name.rstrip("*") for name in pyproject["tool"]["setuptools"]["packages"]["find"]["include"]]
    assert sorted(made) == sorted(included)
    assert sorted(touched) == sorted(included)
    assert [name for name in included if not (ROOT / name / "__init__.py").is_file()] == []
