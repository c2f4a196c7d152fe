#!/usr/bin/env python3
"""Run a command in a pseudo-terminal and copy everything it wrote there to standard output.

Usage: scripts/pty-run.py COMMAND [ARG...]

The command sees a terminal on standard input, output and error (isatty is true), so `skylift task wait`
draws its progress bar; the bytes are copied as written (the terminal turns "\\n" into "\\r\\n").
Exits with the command's exit status. Used by Tests/SkyliftClientTests/ProgressTerminalTests.swift.
"""
import os
import pty
import sys


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.argv[1], sys.argv[1:])
    captured = bytearray()
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:  # EIO once the child closed the terminal
            break
        if not data:
            break
        captured += data
    _, status = os.waitpid(pid, 0)
    sys.stdout.buffer.write(captured)
    sys.stdout.buffer.flush()
    return os.waitstatus_to_exitcode(status)


if __name__ == "__main__":
    sys.exit(main())
