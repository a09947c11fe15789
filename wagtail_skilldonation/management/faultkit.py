"""What ``skilldonation_bench faults`` breaks, each its own, on 127.0.0.1 only: a
PostgreSQL cluster and a Redis started on free ports (never the machine's shared ones),
a mail server that can stop answering, a small disk that can fill up, and the
supervised production profile (``example_site/serve.sh``) run against them."""

import os
import pwd
import shutil
import signal
import socket
import socketserver
import subprocess
import threading
import time
from glob import glob
from pathlib import Path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run(*command, **kwargs):
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, **kwargs)
    if run.returncode:
        raise subprocess.CalledProcessError(run.returncode, command, run.stdout, run.stderr)
    return run


class Postgres:
    """A throw-away cluster of the machine's PostgreSQL (``initdb``, trust on loopback,
    durability off: it is a test). As root, it runs as the ``postgres`` user."""

    def __init__(self, root):
        found = sorted(glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bin = Path(found[-1]).parent
        self.root = Path(root)
        self.data = self.root / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        self.log = self.root / "postgres.log"

    def describe(self):
        """What another process needs to restart this cluster (``attach``)."""
        return {"root": str(self.root), "port": self.port}

    @classmethod
    def attach(cls, described):
        cluster = cls(described["root"])
        cluster.port = described["port"]
        return cluster

    def _as_owner(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        return _run(*prefix, *command)

    def create(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:  # its owner must reach it through the folders above
            entry = pwd.getpwnam("postgres")
            os.chown(self.root, entry.pw_uid, entry.pw_gid)
            os.chmod(self.root.parent, 0o711)
        self._as_owner(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        _run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "skilldonation_faults")
        return self

    def options(self):
        return (
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=60"
        )

    def start(self):
        self._as_owner(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", self.options(), "-l", str(self.log), "-w", "start"
        )
        return self

    def restart(self):
        """What an upgrade or a failover does: every connection is cut."""
        self._as_owner(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            self.options(),
            "-l",
            str(self.log),
            "-m",
            "fast",
            "-w",
            "restart",
        )

    def destroy(self):
        try:
            self._as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/skilldonation_faults"


class Redis:
    """A Redis of its own that keeps nothing on disk: stopped (by any process, with
    ``redis-cli``) and started again on the same port."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("redis-server did not start")

    def stop(self):
        subprocess.run(
            ["redis-cli", "-p", str(self.port), "shutdown", "nosave"], capture_output=True, check=False, timeout=30
        )
        if self.process is not None:
            self.process.wait(timeout=10)
            self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


class MailSink(socketserver.ThreadingTCPServer):
    """A mail server that keeps what it receives (each message's Message-ID counted),
    and, while ``hang`` is set, accepts connections and never says a word."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.hang = False
        self.connections = 0
        self.ids = []
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _SmtpHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def received(self):
        with self.lock:
            return list(self.ids)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """The part of SMTP Django's backend speaks: EHLO, MAIL, RCPT, DATA, QUIT."""

    timeout = 60

    def say(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        with self.server.lock:
            self.server.connections += 1
        if self.server.hang:
            self.rfile.read()  # until the client gives up and closes
            return
        self.say("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line.decode(errors="replace").strip().upper()
            if verb.startswith("EHLO"):
                self.say("250-sink")
                self.say("250 8BITMIME")
            elif verb.startswith(("HELO", "MAIL", "RCPT", "RSET", "NOOP")):
                self.say("250 ok")
            elif verb == "DATA":
                self.say("354 go on")
                message_id = ""
                while (data := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    if data.lower().startswith(b"message-id:"):
                        message_id = data.split(b":", 1)[1].strip().decode()
                with self.server.lock:
                    self.server.ids.append(message_id)
                self.say("250 queued")
            elif verb == "QUIT":
                self.say("221 bye")
                return
            else:
                self.say("502 no")


class SmallDisk:
    """A tmpfs of ``size`` bytes (needs root) for the certificates' storage; ``fill``
    leaves ``left`` bytes free."""

    def __init__(self, path, size):
        self.path = Path(path)
        self.size = size
        self.mounted = False

    def mount(self):
        self.path.mkdir(parents=True, exist_ok=True)
        try:
            _run("mount", "-t", "tmpfs", "-o", f"size={self.size}", "tmpfs", str(self.path))
            self.mounted = True
        except (subprocess.CalledProcessError, FileNotFoundError, subprocess.TimeoutExpired) as error:
            self.why = getattr(error, "stderr", "") or str(error)
        return self.mounted

    def fill(self, left):
        free = shutil.disk_usage(self.path).free
        with open(self.path / "filler", "wb") as handle:
            handle.write(b"\0" * max(0, free - left))

    def free(self):
        (self.path / "filler").unlink(missing_ok=True)

    def files(self):
        return sorted(str(p.relative_to(self.path)) for p in self.path.rglob("*") if p.is_file() and p.name != "filler")

    def unmount(self):
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.path)], check=False, timeout=30)
            self.mounted = False


class Profile:
    """``example_site/serve.sh`` (gunicorn and the task worker, each supervised) with
    ``env`` on a free port, in a session of its own: the worker can be found and killed."""

    def __init__(self, root, env):
        self.root = Path(root)
        self.port = free_port()
        self.env = {**env, "BIND": f"127.0.0.1:{self.port}", "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{self.port}"}
        self.log_path = self.root / "serve.log"

    def start(self, ready):
        serve = Path(__file__).resolve().parents[2] / "example_site" / "serve.sh"
        if not serve.exists():
            raise RuntimeError("the fault bench runs the example site's serve.sh: run it from a checkout")
        self.log = open(self.log_path, "w")
        self.process = subprocess.Popen(
            ["bash", str(serve)],
            cwd=serve.parent.parent,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            if ready(self):
                return self
            time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the production profile did not start:\n{self.log_path.read_text()[-3000:]}")

    def worker_pids(self):
        """The task worker's process(es) in the profile's session."""
        out = _run("ps", "-eo", "pid=,sid=,args=").stdout
        return [
            int(pid)
            for pid, sid, *args in (line.split(None, 2) for line in out.splitlines())
            if int(sid) == self.process.pid and args and "skilldonation_worker" in args[0] and "nice" not in args[0]
        ]

    def kill_worker(self):
        pids = self.worker_pids()
        for pid in pids:
            os.kill(pid, signal.SIGKILL)
        return pids

    def stop(self):
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()
