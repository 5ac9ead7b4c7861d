"""The reference deployment (deploy/) checked without running it: container images cannot be
pulled here. The compose file parses, every service is complete, every ``MODU_…`` variable is a
real setting and the replicas' environment builds valid settings, the URLs point at the services
that serve them, nginx's upstreams are exactly the replicas on their ports, and Debian's nginx
accepts the configuration (``nginx -t``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import typing
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import pytest
import yaml
from pydantic import BaseModel

from deploy.model_server import parse_options
from service.settings import RealtimeSettings, Settings
from voices.catalogue import CATALOGUE

DEPLOY: Final = Path(__file__).resolve().parents[2] / "deploy"
COMPOSE: Final = DEPLOY / "compose.yaml"
NGINX_CONF: Final = DEPLOY / "nginx.conf"

REQUIRED_SAMPLES: Final = {"POSTGRES_PASSWORD": "pg-secret", "MODU_API_KEYS": '["key-1"]'}
"""Values for the variables the compose file requires (``${NAME:?…}``), as an operator sets."""

INTERPOLATION: Final = re.compile(r"\$\{(\w+)(?::([-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def services() -> dict[str, dict[str, Any]]:
    compose = yaml.safe_load(COMPOSE.read_text())
    found: dict[str, dict[str, Any]] = compose["services"]
    return found


@pytest.fixture(scope="module")
def nginx_conf() -> str:
    return NGINX_CONF.read_text()


def _interpolate(value: str) -> str:
    """Compose's ``${NAME:-default}`` and ``${NAME:?message}``, as an operator who set only the
    required variables would get them."""

    def replace(match: re.Match[str]) -> str:
        name, kind, rest = match.groups()
        if kind == "-":
            return rest
        assert kind == "?", f"${{{name}}} has neither a default nor a message saying to set it"
        return REQUIRED_SAMPLES[name]

    return INTERPOLATION.sub(replace, value)


def _environment(service: dict[str, Any]) -> dict[str, str]:
    raw: dict[str, Any] = service.get("environment", {})
    return {name: _interpolate(str(value)) for name, value in raw.items()}


def _runs_modu(service: dict[str, Any]) -> bool:
    command = service.get("command", [])
    return bool(command) and command[0] in ("modu", "python")


def _modu_services(services: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {name: s for name, s in services.items() if _runs_modu(s)}


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The settings group an annotation holds (``Group`` or ``Group | None``), if any."""
    for candidate in (annotation, *typing.get_args(annotation)):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _is_setting(variable: str) -> bool:
    """Whether ``MODU_A__B`` names a field ``a.b`` of :class:`Settings` (a leaf, not a group)."""
    model: type[BaseModel] | None = Settings
    for part in variable.removeprefix("MODU_").lower().split("__"):
        if model is None or part not in model.model_fields:
            return False
        model = _model_in(model.model_fields[part].annotation)
    return model is None


def _upstream_servers(nginx_conf: str, name: str) -> list[tuple[str, int, str]]:
    block = re.search(rf"upstream\s+{name}\s*\{{(.*?)\}}", nginx_conf, re.DOTALL)
    assert block is not None, f"no upstream {name}"
    return [
        (host, int(port), options)
        for host, port, options in re.findall(
            r"^\s*server\s+([\w.-]+):(\d+)([^;]*);", block[1], re.M
        )
    ]


def _seconds(nginx_conf: str, directive: str) -> float:
    found = re.search(rf"^\s*{directive}\s+(\d+)s;", nginx_conf, re.M)
    assert found is not None, f"{directive} is not set in seconds"
    return float(found[1])


def test_every_service_is_complete(services: dict[str, dict[str, Any]]) -> None:
    assert {"postgres", "migrate", "llm", "modu-1", "modu-2", "nginx"} <= set(services)
    for name, service in services.items():
        assert "image" in service or "build" in service, name
        if "build" in service:
            build = service["build"]
            assert (COMPOSE.parent / build["context"] / build["dockerfile"]).is_file(), name
        for needed in service.get("depends_on", []):
            assert needed in services, f"{name} depends on {needed}, which is not a service"
        for volume in service.get("volumes", []):
            source = volume.split(":", 1)[0]
            if source.startswith("."):
                assert (COMPOSE.parent / source).exists(), f"{name} mounts missing {source}"


def test_every_modu_variable_is_a_setting(services: dict[str, dict[str, Any]]) -> None:
    for name, service in _modu_services(services).items():
        for variable in service.get("environment", {}):
            if variable.startswith("MODU_"):
                assert _is_setting(variable), f"{name}: {variable} is not a modu setting"
    assert not _is_setting("MODU_LM__REMOTE_ULR"), "the check itself catches a misspelling"
    assert not _is_setting("MODU_PROFILES"), "a group is not a setting"


def test_each_modu_service_environment_builds_valid_settings(
    services: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in list(os.environ):
        if variable.startswith("MODU_"):
            monkeypatch.delenv(variable)
    for service in _modu_services(services).values():
        environment = _environment(service)
        with monkeypatch.context() as scoped:
            for variable, value in environment.items():
                scoped.setenv(variable, value)
            Settings()  # raises if any value is out of bounds or not one of the choices


def _replica_settings(
    services: dict[str, dict[str, Any]], name: str, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    for variable in list(os.environ):
        if variable.startswith("MODU_"):
            monkeypatch.delenv(variable)
    for variable, value in _environment(services[name]).items():
        monkeypatch.setenv(variable, value)
    return Settings()


def test_replicas_reach_postgres_and_the_model_server(
    services: dict[str, dict[str, Any]], nginx_conf: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres = _environment(services["postgres"])
    llm_command = [str(part) for part in services["llm"]["command"]]
    llm_port = int(llm_command[llm_command.index("--port") + 1])
    for host, _, _ in _upstream_servers(nginx_conf, "modu"):
        settings = _replica_settings(services, host, monkeypatch)
        assert settings.server.host == "0.0.0.0"
        assert settings.profiles.database_url is not None
        database = urlsplit(settings.profiles.database_url.get_secret_value())
        assert database.scheme == "postgresql+asyncpg"
        assert (database.hostname, database.port) == ("postgres", 5432)
        assert database.username == postgres["POSTGRES_USER"]
        assert database.password == postgres["POSTGRES_PASSWORD"]
        assert database.path == "/" + postgres["POSTGRES_DB"]
        assert not settings.profiles.migrate_on_startup, "the migrate service does it once"
        assert "migrate" in services[host]["depends_on"]
        assert settings.lm.engine == "remote" and settings.lm.remote_url is not None
        model = urlsplit(settings.lm.remote_url)
        assert (model.hostname, model.port, model.path) == ("llm", llm_port, "/v1")
        for stage in (settings.stt, settings.tts):
            assert stage.remote_url is not None
            assert urlsplit(stage.remote_url).hostname == "speech"
        assert settings.auth.api_keys == ["key-1"]
        assert not settings.auth.local_page_without_key
    assert (
        _environment(services["migrate"])["MODU_PROFILES__DATABASE_URL"]
        == (_environment(services["modu-1"])["MODU_PROFILES__DATABASE_URL"])
    )


def test_the_model_server_is_the_launcher_on_the_bundled_model(
    services: dict[str, dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    llm = services["llm"]
    command = [str(part) for part in llm["command"]]
    assert command[:3] == ["python", "-m", "deploy.model_server"]
    assert (
        "COPY deploy/model_server.py deploy/model_server.py" in (DEPLOY / "Dockerfile").read_text()
    )
    monkeypatch.setenv("MODU_MODEL_DIR", _environment(llm)["MODU_MODEL_DIR"])
    options = parse_options(command[3:])  # the launcher's own parser takes the flags
    assert CATALOGUE[options.model].kind == "lm"
    assert options.host == "0.0.0.0" and str(options.port) in llm["expose"]
    assert f"models:{options.model_dir}:ro" in llm["volumes"]
    assert llm["depends_on"]["models"]["condition"] == "service_completed_successfully"
    for host in ("modu-1", "modu-2"):
        settings = _replica_settings(services, host, monkeypatch)
        assert settings.lm.remote_model == options.model, "answers are labelled with its name"
        assert services[host]["depends_on"]["llm"]["condition"] == "service_healthy"
    assert f"127.0.0.1:{options.port}/health" in " ".join(llm["healthcheck"]["test"])


def test_nginx_upstreams_are_exactly_the_replicas_on_their_ports(
    services: dict[str, dict[str, Any]], nginx_conf: str
) -> None:
    servers = _upstream_servers(nginx_conf, "modu")
    replicas = {
        n for n, s in _modu_services(services).items() if s["command"][:2] == ["modu", "serve"]
    }
    replicas -= {"speech"}  # the speech worker serves the replicas, not the public
    assert {host for host, _, _ in servers} == replicas and len(replicas) >= 2
    for host, port, options in servers:
        assert int(_environment(services[host])["MODU_SERVER__PORT"]) == port
        assert str(port) in services[host]["expose"]
        assert re.search(r"max_fails=\d+", options) and re.search(r"fail_timeout=\d+s", options)
    assert re.search(r"proxy_pass\s+http://modu;", nginx_conf)
    assert set(services["nginx"]["depends_on"]) == replicas


def test_nginx_carries_websockets_and_waits_longer_than_modu(nginx_conf: str) -> None:
    assert re.search(r"proxy_http_version\s+1\.1;", nginx_conf)
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", nginx_conf)
    assert re.search(r"proxy_set_header\s+Connection\s+\$connection_upgrade;", nginx_conf)
    assert re.search(r"map\s+\$http_upgrade\s+\$connection_upgrade", nginx_conf)
    # modu ends idle sessions itself; nginx cutting them first would drop live conversations.
    assert _seconds(nginx_conf, "proxy_read_timeout") > RealtimeSettings().idle_timeout_s
    assert _seconds(nginx_conf, "proxy_send_timeout") > RealtimeSettings().idle_timeout_s
    balancing = re.findall(r"^\s*(hash|least_conn|random|ip_hash)\b", nginx_conf, re.M)
    assert set(balancing) <= {"ip_hash"}, "round robin or ip_hash: a WebSocket stays put anyway"


def test_nginx_listens_where_compose_publishes_it(
    services: dict[str, dict[str, Any]], nginx_conf: str
) -> None:
    listen = re.search(r"^\s*listen\s+(\d+);", nginx_conf, re.M)
    assert listen is not None
    published = [str(p).rsplit(":", 1)[1] for p in services["nginx"]["ports"]]
    assert published == [listen[1]]
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in services["nginx"]["volumes"]


@pytest.mark.skipif(
    shutil.which("nginx") is None, reason="nginx is not installed (scripts/setup installs it)"
)
@pytest.mark.skipif(
    os.geteuid() != 0, reason="nginx -t opens Debian's root-owned temp and log paths"
)
def test_debian_nginx_accepts_the_configuration(tmp_path: Path, nginx_conf: str) -> None:
    # Compose's service names resolve only inside its network; nginx -t resolves every
    # upstream host, so the copy points them at loopback.
    local = re.sub(r"(^\s*server\s+)[\w.-]+(:\d+)", r"\g<1>127.0.0.1\g<2>", nginx_conf, flags=re.M)
    assert local.count("127.0.0.1") == len(_upstream_servers(nginx_conf, "modu"))
    config = tmp_path / "nginx.conf"
    config.write_text(local)
    checked = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log"),
         "-g", f"pid {tmp_path / 'nginx.pid'};"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr
