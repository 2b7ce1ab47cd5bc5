"""The several-machine setup of docker-compose.yml (docs/deploy.md) holds together: nginx spreads
the API over exactly the replicas compose runs, each reads aggregates from the replica and shares
Redis, and the migrations run once before any of them serves. `make test` also validates the file
with docker-compose itself (compose-check)."""

import os
import re
import subprocess

import yaml

from backend.config import PROJECT_ROOT


def _compose() -> dict:
    done = subprocess.run(["docker-compose", "-f", "docker-compose.yml", "config"], cwd=PROJECT_ROOT,
                          env={**os.environ, "QCDC_SECRET_KEY": "compose-check"},
                          capture_output=True, text=True, timeout=60, check=True)
    return yaml.safe_load(done.stdout)["services"]


def test_nginx_spreads_the_api_over_every_replica_compose_runs():
    services = _compose()
    replicas = {name for name, service in services.items()
                if service.get("command", [])[:2] == ["qcdc", "serve"]}
    upstream = set(re.findall(r"^\s*server (\S+):8000\b", (PROJECT_ROOT / "deploy" / "nginx.conf")
                              .read_text("utf-8"), re.MULTILINE))
    assert len(replicas) >= 2 and upstream == replicas


def test_every_replica_reads_the_replica_shares_redis_and_waits_for_the_migrations():
    services = _compose()
    for name, service in services.items():
        if service.get("command", [])[:2] != ["qcdc", "serve"]:
            continue
        environment = service["environment"]
        assert "@db-replica:" in environment["QCDC_DATABASE_READ_URL"], name
        assert "@db:" in environment["QCDC_DATABASE_URL"], name
        assert environment["QCDC_REDIS_URL"].startswith("redis://redis:"), name
        assert service["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["migrate"]["command"] == ["qcdc", "db", "upgrade"]
    assert services["db-replica"]["depends_on"]["db"]["condition"] == "service_healthy"
