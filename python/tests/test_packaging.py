"""Packaging: the wheel and the sdist build offline, the wheel installs into a fresh venv, and
the installed package (not the source folder) imports and calls the reference server."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import textwrap
import zipfile
from pathlib import Path

import pytest
from _support import REPO, ReferenceServer

import novavms

PROJECT = REPO / "python"
pytestmark = pytest.mark.packaging


def run(*command: str | Path, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, command))} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    # Debian's hatchling names `editables` as a dependency without shipping it (only editable
    # installs use it), hence --skip-dependency-check; nothing is downloaded (--no-isolation).
    run(sys.executable, "-m", "build", "--no-isolation", "--skip-dependency-check", "--outdir", out, PROJECT, cwd=out)
    return out


def test_builds_a_wheel_and_an_sdist_with_the_generated_modules_and_py_typed(built: Path) -> None:
    version = novavms.__version__
    wheel = built / f"novavms-{version}-py3-none-any.whl"
    sdist = built / f"novavms-{version}.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"novavms-{version}.dist-info/METADATA").decode()
    for module in ("__init__.py", "models.py", "_contract.py", "_operations.py", "_client.py", "py.typed"):
        assert f"novavms/{module}" in names
    assert "Requires-Python: >=3.11" in metadata
    assert [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")] == ["Requires-Dist: httpx>=0.23"]
    with tarfile.open(sdist) as archive:
        members = {m.name.split("/", 1)[1] for m in archive.getmembers() if "/" in m.name}
    assert {"pyproject.toml", "README.md", "src/novavms/py.typed", "src/novavms/models.py"} <= members
    assert not any(m.startswith("tests/") for m in members)


def test_the_wheel_installs_into_a_fresh_venv_imports_and_calls_the_reference_server(
    built: Path, server: ReferenceServer, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    run("/usr/bin/python3", "-m", "venv", "--system-site-packages", venv, cwd=tmp_path)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "--no-index", "--quiet", built / f"novavms-{novavms.__version__}-py3-none-any.whl", cwd=tmp_path)
    script = textwrap.dedent(
        f"""
        import novavms
        from novavms import Client
        print(novavms.__file__)
        with Client(api_key={server.demo.live_key!r}, base_url={server.url!r}) as key:
            print(len(key.list_cameras()["data"]))
        app = Client(base_url={server.url!r})
        app.auth.login(email={server.demo.owner_email!r}, password={server.demo.password!r})
        print(app.get_current_principal()["kind"])
        """
    )
    location, cameras, kind = run(python, "-c", script, cwd=tmp_path).split()
    assert Path(location).is_relative_to(venv) and not Path(location).is_relative_to(PROJECT)
    assert int(cameras) > 0 and kind == "user"
