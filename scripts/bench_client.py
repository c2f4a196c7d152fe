"""What the benchmark scripts ask of a running Skylift (imported by their Python parts, PYTHONPATH=scripts): JSON
calls as a member of project "bench", a task created and polled to its end, and the step times the worker logged
(log.format json)."""
import http.client
import json
import re
import time

HEADERS = {"X-Identity-Status": "Confirmed", "X-Project-Id": "bench", "X-User-Id": "u", "X-Roles": "member",
           "Content-Type": "application/json"}


def import_raw(url):
    """The body of an import task of the raw image at url, stored as raw."""
    return {"type": "import", "input": {"import_from": url, "import_from_format": "raw",
                                        "image_properties": {"disk_format": "raw", "container_format": "bare"}}}


class Skylift:
    """A server on 127.0.0.1:port. With fresh_connections, each call opens its own connection (for scripts whose
    pauses between calls outlast the server's idle timeout)."""

    def __init__(self, port, fresh_connections=False):
        self.port = port
        self.fresh = fresh_connections
        self.connection = None if fresh_connections else http.client.HTTPConnection("127.0.0.1", port)

    def call(self, method, path, body=None):
        """(status, parsed JSON body or None)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port) if self.fresh else self.connection
        connection.request(method, path, json.dumps(body) if body else None, HEADERS)
        response = connection.getresponse()
        return response.status, json.loads(response.read() or b"null")

    def run(self, body, interval=0.05, on_poll=None):
        """Creates a task (201 expected) and polls it every interval seconds, calling on_poll() before each poll,
        until it ends; returns (the final task, seconds from create to its end)."""
        start = time.monotonic()
        status, task = self.call("POST", "/v2/tasks", body)
        assert status == 201, task
        while True:
            if on_poll:
                on_poll()
            _, shown = self.call("GET", f"/v2/tasks/{task['id']}")
            if shown["status"] in ("success", "failure"):
                return shown, time.monotonic() - start
            time.sleep(interval)


def logged_steps(log_path, image_id):
    """Seconds of each step of the task that made image_id, from its `task success` line; {} when none."""
    for line in open(log_path):
        if image_id in line and '"task success"' in line:
            return {name: float(value) for name, value in re.findall(r"(\w+)=([0-9.]+)", json.loads(line)["steps"])}
    return {}
