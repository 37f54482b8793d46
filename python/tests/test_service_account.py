"""Client(api_key=...) against the reference server: every call carries the key, there is no
session, and the errors of the contract arrive typed."""

from __future__ import annotations

import platform

import pytest
from _support import Recorder, RecordingTransport, ReferenceServer, path_of

import novavms
from novavms import OPERATIONS, Client, NovaVmsError


def test_acts_as_the_service_account_with_the_seeded_live_key(server: ReferenceServer) -> None:
    recorder = Recorder()
    with Client(api_key=server.demo.live_key, base_url=server.url, transport=RecordingTransport(recorder)) as client:
        me = client.get_current_principal()
        assert (me["kind"], me["environment"], me["role"]) == ("service_account", "live", "auditor")
        camera = client.get_camera(camera_id=client.list_cameras(limit=1)["data"][0]["id"])
        assert camera["environment"] == "live"
    assert recorder.count("refreshSession") == 0
    assert {s.authorization for s in recorder.sent} == {f"Bearer {server.demo.live_key}"}
    assert {s.headers["User-Agent"] for s in recorder.sent} == {
        f"novavms-python/{novavms.__version__} python/{platform.python_version()}"
    }


def test_puts_the_key_only_on_operations_that_take_a_bearer_credential(server: ReferenceServer) -> None:
    recorder = Recorder()
    client = Client(api_key=server.demo.live_key, base_url=server.url, transport=RecordingTransport(recorder))
    jwks = client.get_json_web_key_set()
    assert jwks["keys"] and not OPERATIONS["getJsonWebKeySet"].bearer
    assert recorder.sent[0].authorization is None


def test_cannot_manage_keys_with_a_key_403_insufficient_scope(server: ReferenceServer) -> None:
    client = Client(api_key=server.demo.live_key, base_url=server.url)
    with pytest.raises(NovaVmsError) as raised:
        client.create_service_account_key(service_account_id="sa_siem01", mode="test")
    assert (raised.value.code, raised.value.status) == ("INSUFFICIENT_SCOPE", 403)


def test_an_unknown_camera_is_404_not_found_and_ids_are_sent_escaped(server: ReferenceServer) -> None:
    recorder = Recorder()
    client = Client(api_key=server.demo.live_key, base_url=server.url, transport=RecordingTransport(recorder))
    with pytest.raises(NovaVmsError) as raised:
        client.get_camera(camera_id="cam_nowhere9")
    assert raised.value.code == "NOT_FOUND"
    with pytest.raises(NovaVmsError) as raised:
        client.get_camera(camera_id="../me")
    assert raised.value.status in (400, 404)
    assert recorder.sent[-1].url.endswith(path_of("getCamera").replace("{camera_id}", "..%2Fme"))


def test_bad_arguments_get_clear_errors_before_anything_is_sent(server: ReferenceServer) -> None:
    recorder = Recorder()
    client = Client(api_key=server.demo.live_key, base_url=server.url, transport=RecordingTransport(recorder))
    with pytest.raises(TypeError, match="camera_id"):
        client.get_camera(camera_id="")
    with pytest.raises(TypeError, match="camera_id"):
        client.get_camera(camera_id=None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        client.get_camera()  # type: ignore[call-arg]
    assert recorder.sent == []


def test_an_invalid_query_value_is_the_servers_400_invalid_request(server: ReferenceServer) -> None:
    client = Client(api_key=server.demo.live_key, base_url=server.url)
    with pytest.raises(NovaVmsError) as raised:
        client.list_cameras(limit=1000)
    error = raised.value
    assert (error.code, error.status) == ("INVALID_REQUEST", 400)
    assert error.problem is not None and error.problem.get("errors")


def test_a_revoked_key_answers_401_api_key_revoked(server: ReferenceServer) -> None:
    admin = Client(base_url=server.url)
    admin.auth.login(email=server.demo.admin_email, password=server.demo.password)
    account = admin.create_service_account(name="Backup exporter", role="viewer")
    created = admin.create_service_account_key(service_account_id=account["id"], mode="live", name="nightly")
    key = Client(api_key=created["secret"], base_url=server.url)
    assert key.get_current_principal()["id"] == account["id"]
    admin.revoke_service_account_key(service_account_id=account["id"], key_id=created["key"]["id"])
    with pytest.raises(NovaVmsError) as raised:
        key.list_cameras()
    assert raised.value.code == "API_KEY_REVOKED"
    listed = admin.list_service_account_keys(service_account_id=account["id"])
    assert [k["status"] for k in listed["data"]] == ["revoked"]
