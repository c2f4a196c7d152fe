"""Drives a running Skylift through python-glanceclient's v2 tasks API, as Glance users do.

Usage: glanceclient_session.py http://127.0.0.1:PORT
Every call goes through the real client, including its warlock models validated against the schemas Skylift
serves. Exits non-zero on the first difference.
"""
import json
import sys

from glanceclient import Client
from glanceclient import exc

ENDPOINT = sys.argv[1]
PROJECT = "cccccccccccccccccccccccccccccccc"
IMPORT_INPUT = {
    "import_from": "http://127.0.0.1:8765/tiny.qcow2",
    "import_from_format": "qcow2",
    "image_properties": {"disk_format": "raw", "container_format": "bare", "name": "compat"},
}


def client(project, roles):
    # glanceclient percent-encodes header values (a comma becomes %2C), so each client carries a single role,
    # as keystonemiddleware in front of a real service would set them.
    headers = {
        "X-Identity-Status": "Confirmed",
        "X-Project-Id": project,
        "X-User-Id": "compat-user",
        "X-Roles": roles,
    }
    return Client("2", endpoint=ENDPOINT, token="unused", identity_headers=headers)


def main():
    member = client(PROJECT, "member")
    created = [member.tasks.create(type="import", input=IMPORT_INPUT) for _ in range(3)]
    for task in created:
        assert task.status == "pending", task
        assert task.owner == PROJECT, task
        assert task.input == IMPORT_INPUT, task.input
        assert task.message == "", task

    shown = member.tasks.get(created[0].id)
    assert shown.id == created[0].id and shown.type == "import", shown

    # The client pages with `next` links; page_size forces several pages.
    listed = [task.id for task in member.tasks.list(page_size=2)]
    assert listed[:3] == [task.id for task in reversed(created)], listed
    filtered = list(member.tasks.list(filters={"status": "pending", "type": "import"}))
    assert {task.id for task in created} <= {task.id for task in filtered}, filtered
    ordered = [task.id for task in member.tasks.list(sort_key="id", sort_dir="asc")]
    assert ordered == sorted(ordered), ordered

    other = client("dddddddddddddddddddddddddddddddd", "member")
    try:
        other.tasks.get(created[0].id)
        raise AssertionError("another project could read the task")
    except exc.HTTPNotFound:
        pass

    try:
        member.tasks.create(type="import", input={"import_from": "file:///etc/passwd"})
        raise AssertionError("bad input accepted")
    except exc.HTTPBadRequest as error:
        assert "import_from_format" in str(error) or "required" in str(error), str(error)

    reader = client(PROJECT, "reader")
    try:
        reader.tasks.create(type="import", input=IMPORT_INPUT)
        raise AssertionError("a reader created a task")
    except exc.HTTPForbidden:
        pass

    schema = member.schemas.get("task")
    assert "convert" in schema.raw()["properties"]["type"]["enum"], schema.raw()
    print(json.dumps({"glanceclient": "ok", "tasks": len(listed)}))


if __name__ == "__main__":
    main()
