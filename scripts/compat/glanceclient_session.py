"""Drives a running Skylift through python-glanceclient's v2 tasks API, as Glance users do.

Usage: glanceclient_session.py http://127.0.0.1:PORT
Every call goes through the real client, including its warlock models validated against the schemas Skylift
serves. Exits non-zero on the first difference.
"""
import hashlib
import json
import os
import sys
import time

from glanceclient import Client
from glanceclient import exc

ENDPOINT = sys.argv[1]
PROJECT = "cccccccccccccccccccccccccccccccc"
IMPORT_INPUT = {
    "import_from": os.environ["COMPAT_FILES"] + "/tiny.qcow2",
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


def wait(member, task_id, seconds=60):
    """Polls a task until it is final, as a glance CLI user would."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        task = member.tasks.get(task_id)
        if task.status in ("success", "failure"):
            return task
        time.sleep(0.1)
    raise AssertionError(f"task {task_id} did not finish")


def images_session(member, task):
    """The image the import made: show, download (glanceclient checks Content-MD5), list, its tasks, delete."""
    image_id = task.result["image_id"]
    image = member.images.get(image_id)
    assert image.status == "active" and image.disk_format == "raw" and image.name == "compat", image
    data = b"".join(member.images.data(image_id))
    assert len(data) == image.size == 1048576, (len(data), image.size)
    assert hashlib.md5(data).hexdigest() == image.checksum, image.checksum
    assert image_id in [listed.id for listed in member.images.list()]
    associated = member.images.get_associated_image_tasks(image_id)
    assert task.id in [entry["id"] for entry in associated["tasks"]], associated
    member.images.delete(image_id)
    try:
        member.images.get(image_id)
        raise AssertionError("a deleted image is still there")
    except exc.HTTPNotFound:
        pass


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
    finished = [wait(member, task.id) for task in created]
    assert all(task.status == "success" for task in finished), [(t.status, t.message) for t in finished]
    filtered = list(member.tasks.list(filters={"status": "success", "type": "import"}))
    assert {task.id for task in created} <= {task.id for task in filtered}, filtered
    images_session(member, finished[0])
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
