"""The Python snippets of the public page "Authenticate to the API", run as written (the
production host routed, or swapped, to the reference server), and its sentences about clients."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from _support import Recorder, RecordingTransport, ReferenceServer, path_of

import novavms
from novavms import DEFAULT_SERVER_URL, Client, MemoryTokenStore, NovaVmsError

# The page, "Send the key", verbatim:
SEND_THE_KEY = """\
# Python (novavms >= 1.0.0)
from novavms import Client
novavms = Client(api_key="sk_live_abc123")
"""

# The page, "1. Login (POST /api/auth/login)", verbatim:
LOGIN_WITH_HTTPX = """\
import httpx
r = httpx.post(
"https://novavms.novalien.com/api/auth/login",
json={"email": "ops@example.com", "password": "CorrectHorseBattery!", "client_type": "api"},
)
tokens = r.json() # {"access_token": "...", "refresh_token": "..."}
"""


def test_python_novavms_1_0_0_from_novavms_import_client_novavms_client_api_key_sk_live_abc123(
    production_routed: list[str],
) -> None:
    """'# Python (novavms >= 1.0.0) from novavms import Client novavms = Client(api_key="sk_live_abc123")'"""
    assert tuple(int(part) for part in novavms.__version__.split(".")) >= (1, 0, 0)
    namespace: dict[str, Any] = {}
    exec(SEND_THE_KEY, namespace)
    client = namespace["novavms"]
    assert isinstance(client, Client)
    page = client.list_cameras()
    assert page["data"] and all(camera["environment"] == "live" for camera in page["data"])
    assert production_routed == [f"{DEFAULT_SERVER_URL}{path_of('listCameras')}"]
    assert client.get_current_principal()["kind"] == "service_account"


def test_login_import_httpx_r_httpx_post_tokens_r_json_host_swapped(server: ReferenceServer) -> None:
    """'import httpx r = httpx.post("https://novavms.novalien.com/api/auth/login", json={...
    "client_type": "api"}) tokens = r.json() # {"access_token": "...", "refresh_token": "..."}'"""
    namespace: dict[str, Any] = {}
    exec(LOGIN_WITH_HTTPX.replace(DEFAULT_SERVER_URL, server.url), namespace)
    assert namespace["r"].status_code == 200
    tokens = namespace["tokens"]
    assert set(tokens) >= {"access_token", "refresh_token"}
    # "2. Call the API with the access token" and "3. Refresh", with the tokens the snippet got.
    me = httpx.get(f"{server.url}{path_of('getCurrentPrincipal')}", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert me.json()["email"] == "ops@example.com"


def test_the_issues_example_runs_service_account_and_user_session(production_routed: list[str], server: ReferenceServer) -> None:
    """The client as its README shows it: a service account on the production URL by default,
    and a user session on a base URL with login and iteration over camera pages."""
    novavms_client = Client(api_key="sk_live_abc123")
    page = novavms_client.list_cameras(limit=50)
    app = Client(base_url=server.url)
    app.auth.login(email="ops@example.com", password="CorrectHorseBattery!", remember_me=False)
    cameras = [camera["id"] for camera in app.paginate_cameras()]
    assert cameras == [camera["id"] for camera in page["data"]]


def test_pick_one_per_integration_do_not_mix() -> None:
    """'Both travel in the Authorization: Bearer ... header. Pick one per integration — do not mix.'"""
    for session_option in ({"store": MemoryTokenStore()}, {"user_agent": "AcmeBridge/2.1"}, {"on_session_end": print}):
        with pytest.raises(ValueError, match="Pick one per integration — do not mix"):
            Client(api_key="sk_live_abc123", **session_option)  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="Pick one per integration"):
        Client(api_key="sk_live_abc123").auth.login(email="ops@example.com", password="x")


def test_a_service_account_key_does_not_expire_on_a_timer_and_does_not_carry_a_session(server: ReferenceServer) -> None:
    """'It does not expire on a timer and it does not carry a session.'"""
    recorder = Recorder()
    key = Client(api_key=server.demo.live_key, base_url=server.url, transport=RecordingTransport(recorder))
    key.list_cameras()
    server.advance(400 * 24 * 3600)
    assert key.get_current_principal()["kind"] == "service_account"
    assert recorder.calls() == [f"GET {path_of('listCameras')}", f"GET {path_of('getCurrentPrincipal')}"]
    assert {s.authorization for s in recorder.sent} == {f"Bearer {server.demo.live_key}"}


def test_sk_test_is_a_sandbox_org_key_and_will_return_404_on_production_only_resources(server: ReferenceServer) -> None:
    """'sk_test_ is a sandbox-org key and will return 404 on production-only resources.'"""
    sandbox = Client(api_key=server.demo.test_key, base_url=server.url)
    assert {camera["environment"] for camera in sandbox.list_cameras()["data"]} == {"test"}
    with pytest.raises(NovaVmsError) as raised:
        sandbox.list_audit_events()
    assert (raised.value.code, raised.value.status) == ("NOT_FOUND", 404)
    assert raised.value.request_id is not None and raised.value.request_id.startswith("req_")
    live = Client(api_key=server.demo.live_key, base_url=server.url)
    assert isinstance(live.list_audit_events()["data"], list)


def test_set_client_type_api_so_novavms_returns_the_refresh_token_in_the_response_body(server: ReferenceServer) -> None:
    """'Set client_type: "api" so NovaVMS returns the refresh token in the response body instead of
    as an HttpOnly cookie.'"""
    recorder = Recorder()
    store = MemoryTokenStore()
    app = Client(base_url=server.url, store=store, transport=RecordingTransport(recorder))
    app.auth.login(email=server.demo.owner_email, password=server.demo.password)
    assert json.loads(recorder.sent[0].body)["client_type"] == "api"
    stored = store.get()
    assert stored is not None and stored.refresh_token.startswith("rt_")
