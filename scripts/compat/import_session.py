"""Drives Skylift's image import API (contract §16) with real clients, as today's OpenStack users import.

Usage: import_session.py http://127.0.0.1:PORT
Environment: COMPAT_FILES (the local image server: tiny.qcow2, tiny.raw), COMPAT_TOKEN_MEMBER (a member token of
COMPAT_PROJECT); with COMPAT_OPENSTACK_CLI (the path of an `openstack` command), OS_* variables that let python-openstackclient find Skylift in the
Keystone catalog as the image service.
1. openstacksdk's image proxy: create_image (a queued record), import_image(method="web-download", uri=...),
   wait_for_status(active); the checksum is the served file's. A failing uri leaves the image queued with
   os_glance_failed_import.
2. openstacksdk's cloud layer: create_image(name, use_import=True, import_method="web-download", uri=...,
   wait=True), then get_image(name).
3. The glance CLI: image-create-via-import --import-method web-download --uri ... with --os-image-url and
   --os-auth-token, then image-show until active.
4. With COMPAT_OPENSTACK_CLI: `openstack image create` then `openstack image import --method web-download`.
Exits non-zero on the first difference.
"""
import hashlib
import json
import os
import pty
import subprocess
import sys
import time
import urllib.request

import openstack

ENDPOINT = sys.argv[1]
FILES = os.environ["COMPAT_FILES"]
TOKEN = os.environ["COMPAT_TOKEN_MEMBER"]
PROJECT = os.environ["COMPAT_PROJECT"]
SERVED_MD5 = hashlib.md5(urllib.request.urlopen(FILES + "/tiny.qcow2").read()).hexdigest()


def raw_image(image_id):
    """The image view as Skylift sends it (every key, the os_glance_* ones included)."""
    request = urllib.request.Request(ENDPOINT + "/v2/images/" + image_id, headers={"X-Auth-Token": TOKEN})
    return json.load(urllib.request.urlopen(request))


def wait_for(image_id, status, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        image = raw_image(image_id)
        if image["status"] == status and "os_glance_import_task" not in image:
            return image
        time.sleep(0.2)
    raise AssertionError(f"image {image_id} is {raw_image(image_id)['status']}, not {status}")


def connection():
    return openstack.connection.Connection(
        auth_type="admin_token",
        auth={"endpoint": ENDPOINT, "token": TOKEN},
        image_endpoint_override=ENDPOINT + "/v2/",
        image_api_version="2",
    )


def sdk_proxy(conn):
    image = conn.image.create_image("sdk-proxy-import", disk_format="qcow2", container_format="bare")
    assert image.status == "queued" and image.owner_id == PROJECT, image
    conn.image.import_image(image, method="web-download", uri=FILES + "/missing.qcow2")
    failed = wait_for(image.id, "queued")
    assert failed["os_glance_failed_import"] == "local", failed
    tasks = conn.image.get(f"/images/{image.id}/tasks").json()["tasks"]
    assert tasks[-1]["status"] == "failure" and "404" in tasks[-1]["message"], tasks
    conn.image.import_image(image, method="web-download", uri=FILES + "/tiny.qcow2")
    active = conn.image.wait_for_status(image, status="active", failures=["killed"], interval=0.2, wait=60)
    assert active.checksum == SERVED_MD5 and active.disk_format == "qcow2", active
    assert raw_image(image.id)["os_glance_failed_import"] == "", raw_image(image.id)
    return image.id


def sdk_cloud(conn):
    created = conn.create_image(
        "sdk-cloud-import",
        use_import=True,
        import_method="web-download",
        uri=FILES + "/tiny.qcow2",
        disk_format="qcow2",
        container_format="bare",
        wait=True,
        timeout=60,
    )
    found = conn.get_image("sdk-cloud-import")
    assert found is not None and found.id == created.id, (created, found)
    image = wait_for(found.id, "active")
    assert image["checksum"] == SERVED_MD5, image
    return found.id


def glance_cli():
    # Run with stdin closed, as from a terminal: glanceclient reads image data from a non-terminal stdin.
    out = subprocess.run(
        [
            "sh", "-c", 'exec "$@" <&-', "sh", "glance", "--os-image-url", ENDPOINT, "--os-auth-token", TOKEN, "image-create-via-import",
            "--name", "glance-cli-import", "--disk-format", "qcow2", "--container-format", "bare",
            "--import-method", "web-download", "--uri", FILES + "/tiny.qcow2",
        ],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr + out.stdout
    image_id = next(line.split("|")[2].strip() for line in out.stdout.splitlines() if line.startswith("| id "))
    image = wait_for(image_id, "active")
    assert image["checksum"] == SERVED_MD5, image
    return image_id


def openstack_cli():
    def osc(*args):
        # stdin a terminal, as a user's: openstackclient uploads a non-terminal stdin as the image's data.
        primary, secondary = pty.openpty()
        try:
            command = [os.environ["COMPAT_OPENSTACK_CLI"], *args]
            out = subprocess.run(command, stdin=secondary, capture_output=True, text=True, timeout=120)
        finally:
            os.close(secondary)
            os.close(primary)
        assert out.returncode == 0, " ".join(args) + ": " + out.stderr + out.stdout
        return out.stdout.strip()

    image_id = osc(
        "image", "create", "--disk-format", "qcow2", "--container-format", "bare", "-f", "value", "-c", "id",
        "osc-import",
    )
    osc("image", "import", "osc-import", "--method", "web-download", "--uri", FILES + "/tiny.qcow2")
    image = wait_for(image_id, "active")
    assert image["checksum"] == SERVED_MD5, image
    assert osc("image", "show", "osc-import", "-f", "value", "-c", "status") == "active"
    return image_id


def main():
    conn = connection()
    done = {"sdk_proxy": sdk_proxy(conn), "sdk_cloud": sdk_cloud(conn), "glance_cli": glance_cli()}
    if os.environ.get("COMPAT_OPENSTACK_CLI"):
        done["openstack_cli"] = openstack_cli()
    print(json.dumps({"import": "ok", **done}))


if __name__ == "__main__":
    main()
