"""Drives a running Skylift through openstacksdk's image proxy (tasks), with identity headers on the session.

Usage: openstacksdk_session.py http://127.0.0.1:PORT
"""
import hashlib
import json
import os
import sys

import openstack
from openstack import exceptions

ENDPOINT = sys.argv[1]
PROJECT = "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
IMPORT_INPUT = {
    "import_from": os.environ["COMPAT_FILES"] + "/tiny.raw",
    "import_from_format": "raw",
    "image_properties": {"disk_format": "raw", "container_format": "bare"},
}


def main():
    conn = openstack.connection.Connection(
        auth_type="none",
        auth={"endpoint": ENDPOINT},
        image_endpoint_override=ENDPOINT + "/v2/",
        image_api_version="2",
    )
    conn.session.additional_headers.update(
        {
            "X-Identity-Status": "Confirmed",
            "X-Project-Id": PROJECT,
            "X-User-Id": "sdk-user",
            "X-Roles": "member",
        }
    )
    created = conn.image.create_task(type="import", input=IMPORT_INPUT)
    assert created.status == "pending", created
    assert created.owner_id == PROJECT, created
    fetched = conn.image.get_task(created.id)
    assert fetched.id == created.id and fetched.input == IMPORT_INPUT, fetched
    done = conn.image.wait_for_task(created, status="success", failures=["failure"], interval=0.2, wait=60)
    image = conn.image.get_image(done.result["image_id"])
    assert image.status == "active" and image.size == 1048576, image
    downloaded = conn.image.download_image(image)
    data = getattr(downloaded, "content", downloaded)
    assert hashlib.md5(data).hexdigest() == image.checksum, image.checksum
    assert image.id in [listed.id for listed in conn.image.images()]
    ids = [task.id for task in conn.image.tasks()]
    assert created.id in ids, ids
    try:
        conn.image.get_task("7d620bef-0be7-41b3-aaa1-651036ab3001")
        raise AssertionError("missing task found")
    except exceptions.NotFoundException:
        pass
    print(json.dumps({"openstacksdk": "ok", "tasks": len(ids)}))


if __name__ == "__main__":
    main()
