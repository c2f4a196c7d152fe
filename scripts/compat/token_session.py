"""Drives a Skylift in auth.mode token with real clients and tokens minted by `skylift token`, not identity headers.

Usage: token_session.py http://127.0.0.1:PORT
Tokens come from the environment: COMPAT_TOKEN_MEMBER and COMPAT_TOKEN_READER (project COMPAT_PROJECT),
COMPAT_TOKEN_OTHER (another project's member), COMPAT_TOKEN_ADMIN (an admin of a third project).
With COMPAT_MODE=keystone the tokens are Keystone's (`openstack token issue`) and Skylift runs in auth.mode
keystone: a tampered token is then one Keystone does not know, rather than one with a bad signature.
1. python-glanceclient's Python API with token=...: create, show, list (sort, filters), roles from the token.
2. The `glance` CLI with --os-image-url and --os-auth-token: task-create, task-list with its sort and filter flags,
   task-show; a bad token is refused.
3. openstacksdk: a Connection with the admin_token auth plugin (keystoneauth's token_endpoint.Token) and an image
   endpoint override: create_task, get_task, tasks(), wait_for_task, then the image it made.
Exits non-zero on the first difference.
"""
import json
import os
import subprocess
import sys
import time

import openstack
from glanceclient import Client
from glanceclient import exc
from openstack import exceptions

ENDPOINT = sys.argv[1]
PROJECT = os.environ["COMPAT_PROJECT"]
MEMBER = os.environ["COMPAT_TOKEN_MEMBER"]
KEYSTONE = os.environ.get("COMPAT_MODE") == "keystone"
IMPORT_INPUT = {
    "import_from": os.environ["COMPAT_FILES"] + "/tiny.qcow2",
    "import_from_format": "qcow2",
    "image_properties": {"disk_format": "raw", "container_format": "bare", "name": "token-compat"},
}


def glanceclient_session():
    member = Client("2", endpoint=ENDPOINT, token=MEMBER)
    created = [member.tasks.create(type="import", input=IMPORT_INPUT) for _ in range(2)]
    assert all(task.owner == PROJECT and task.status == "pending" for task in created), created
    assert member.tasks.get(created[0].id).id == created[0].id
    ordered = [task.id for task in member.tasks.list(sort_key="id", sort_dir="asc", page_size=1)]
    assert ordered == sorted(ordered) and {t.id for t in created} <= set(ordered), ordered
    imports = list(member.tasks.list(filters={"type": "import"}))
    assert {t.id for t in created} <= {t.id for t in imports}, imports

    reader = Client("2", endpoint=ENDPOINT, token=os.environ["COMPAT_TOKEN_READER"])
    assert created[0].id in [task.id for task in reader.tasks.list()]
    try:
        reader.tasks.create(type="import", input=IMPORT_INPUT)
        raise AssertionError("a reader token created a task")
    except exc.HTTPForbidden:
        pass
    other = Client("2", endpoint=ENDPOINT, token=os.environ["COMPAT_TOKEN_OTHER"])
    try:
        other.tasks.get(created[0].id)
        raise AssertionError("another project's token read the task")
    except exc.HTTPNotFound:
        pass
    admin = Client("2", endpoint=ENDPOINT, token=os.environ["COMPAT_TOKEN_ADMIN"])
    assert created[0].id in [task.id for task in admin.tasks.list()], "an admin token lists every project"
    tampered = "not known" if KEYSTONE else "signature"
    for bad, reason in ((MEMBER + "x", tampered), ("static-nonsense", "not known"), (MEMBER[:-20], "")):
        try:
            Client("2", endpoint=ENDPOINT, token=bad).tasks.get(created[0].id)
            raise AssertionError("a bad token was accepted")
        except exc.HTTPUnauthorized as error:
            assert reason in str(error) and bad not in str(error), str(error)
    return created


def glance_cli(*arguments, token=MEMBER, ok=True):
    """Runs the glance CLI against Skylift; returns stdout (or stderr when ok is False)."""
    command = ["glance", "--os-image-api-version", "2", "--os-image-url", ENDPOINT, "--os-auth-token", token]
    result = subprocess.run(command + list(arguments), capture_output=True, text=True, timeout=60)
    if ok:
        assert result.returncode == 0, (arguments, result.stdout, result.stderr)
        return result.stdout
    assert result.returncode != 0, (arguments, result.stdout)
    return result.stderr + result.stdout


def cli_session():
    shown = glance_cli("task-create", "--type", "import", "--input", json.dumps(IMPORT_INPUT))
    task_id = next(line.split("|")[2].strip() for line in shown.splitlines() if line.startswith("| id "))
    assert PROJECT in shown, shown
    listed = glance_cli("task-list", "--sort-key", "status", "--sort-dir", "asc", "--type", "import")
    assert task_id in listed, listed
    glance_cli("task-list", "--sort-key", "id", "--sort-dir", "desc", "--page-size", "1", "--status", "pending")
    deadline = time.monotonic() + 60
    while "success" not in glance_cli("task-show", task_id):
        assert time.monotonic() < deadline, "the CLI's task did not finish"
        time.sleep(0.2)
    assert task_id in glance_cli("task-list", "--status", "success", "--type", "import")
    refused = glance_cli("task-show", task_id, token=MEMBER + "x", ok=False)
    assert "Invalid OpenStack Identity credentials" in refused, refused
    return task_id


def sdk_session():
    conn = openstack.connection.Connection(
        auth_type="admin_token",
        auth={"endpoint": ENDPOINT, "token": MEMBER},
        image_endpoint_override=ENDPOINT + "/v2/",
        image_api_version="2",
    )
    created = conn.image.create_task(type="import", input=IMPORT_INPUT)
    assert created.owner_id == PROJECT and created.status == "pending", created
    assert conn.image.get_task(created.id).id == created.id
    assert created.id in [task.id for task in conn.image.tasks()]
    done = conn.image.wait_for_task(created, status="success", failures=["failure"], interval=0.2, wait=60)
    image = conn.image.get_image(done.result["image_id"])
    assert image.status == "active" and image.owner_id == PROJECT, image
    assert image.id in [listed.id for listed in conn.image.images()]
    stranger = openstack.connection.Connection(
        auth_type="admin_token",
        auth={"endpoint": ENDPOINT, "token": os.environ["COMPAT_TOKEN_OTHER"]},
        image_endpoint_override=ENDPOINT + "/v2/",
        image_api_version="2",
    )
    try:
        stranger.image.get_task(created.id)
        raise AssertionError("another project's token read the task")
    except exceptions.NotFoundException:
        pass
    return created.id


def main():
    tasks = glanceclient_session()
    cli_task = cli_session()
    sdk_task = sdk_session()
    print(json.dumps({"token": "ok", "tasks": [t.id for t in tasks] + [cli_task, sdk_task]}))


if __name__ == "__main__":
    main()
