"""kill -9 at random moments during ingest and reextract (20 kills): the database opens every time,
holds no partial article, and a re-run completes. Opening to read never writes; a read-only file
or a full disk gives a clear message."""
from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

from fakes import write_jsonl

from sitroom.store import Store

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "crash_worker.py"


def write_articles(path: Path, n: int, prefix: str = "k") -> Path:
    rows = [{"id": f"{prefix}{i:03d}", "title": f"Story {prefix} {i}", "published": f"2024-03-{1 + i % 28:02d}",
             "text": f"Rebels attacked post {i} near the river. Officials confirmed it."} for i in range(n)]
    return write_jsonl(path, rows)


def consistent(db: Path) -> tuple[int, int]:
    """(articles, evidence rows) after checking there is no partial article and no orphan row."""
    store = Store(db, read_only=True)
    cur = store.cursor()
    q = lambda sql: cur.execute(sql).fetchone()[0]
    try:
        assert q("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                 "(SELECT 1 FROM evidence v WHERE v.article_id = a.article_id)") == 0 or q("SELECT count(*) FROM events") == 0
        assert q("SELECT count(*) FROM evidence v LEFT JOIN events e USING (event_id) WHERE e.event_id IS NULL") == 0
        assert q("SELECT count(*) FROM events e LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL") == 0
        return q("SELECT count(*) FROM articles"), q("SELECT count(*) FROM evidence")
    finally:
        store.close()


class ForkServer:
    """tests/crash_worker.py in serve mode: one interpreter start-up, one forked child per run."""

    def __init__(self):
        self.proc = subprocess.Popen([sys.executable, str(WORKER)], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True, bufsize=1)

    def _line(self, *prefixes: str) -> str:
        while True:
            line = self.proc.stdout.readline()
            assert line, "the fork server died"
            assert not line.startswith("error"), line
            if line.startswith(prefixes):
                return line.strip()

    def run(self, mode: str, db: Path, src: Path, kill_after: float | None, pause: float = 0.01) -> bool:
        """Run once; kill -9 after ``kill_after`` s (None: let it finish). True if the kill interrupted it."""
        self.proc.stdin.write(f"run {mode} {db} {src} {pause}\n")
        pid = int(self._line("child").split()[1])
        self._line("ready")
        if kill_after is not None:
            time.sleep(kill_after)
            os.kill(pid, signal.SIGKILL)
        self.proc.stdin.write(f"wait {pid}\n")
        status = int(self._line("status").split()[2])
        if kill_after is None:
            assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, status
        return os.WIFSIGNALED(status)

    def close(self):
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def test_twenty_kills_leave_whole_batches_and_reruns_complete(tmp_path):
    rng = random.Random(10)
    db = tmp_path / "k.duckdb"
    Store(db).close()
    server = ForkServer()
    run_worker = server.run
    kills = interrupted = 0
    files, sources = [], tmp_path / "sources"
    sources.mkdir()
    for i in range(15):   # during ingest, each time with new articles: reading, extracting, mid-transaction
        src = write_articles(sources / f"in{i:02d}.jsonl", 21, prefix=f"k{i:02d}-")
        files.append(src)
        interrupted += run_worker("ingest", db, src, kill_after=rng.uniform(0.05, 0.45))
        kills += 1
        store = Store(db, read_only=True)
        stored = store.cursor().execute("SELECT count(*) FROM articles WHERE article_id LIKE ?",
                                        [f"k{i:02d}-%"]).fetchone()[0]
        store.close()
        assert stored % 7 == 0, stored   # whole batches only
        consistent(db)
    run_worker("ingest", db, sources, kill_after=None, pause=0.0)   # the re-run completes
    assert consistent(db) == (315, 315)
    store = Store(db)
    edited = store.cursor().execute("SELECT event_id FROM evidence WHERE article_id = 'k03-005'").fetchone()[0]
    store.add_edit(edited, "status", "confirmed", author="t")
    store.close()
    for i in range(5):   # during reextract: extraction, then the rebuild in one transaction
        interrupted += run_worker("reextract", db, files[0], kill_after=rng.uniform(0.1, 1.3), pause=0.003)
        kills += 1
        assert consistent(db) == (315, 315)
    run_worker("reextract", db, files[0], kill_after=None, pause=0.0)
    store = Store(db, read_only=True)
    now = store.cursor().execute("SELECT event_id FROM evidence WHERE article_id = 'k03-005'").fetchone()[0]
    assert store.event(now)["review_status"] == "confirmed" and store.orphaned_edits().empty
    store.close()
    server.close()
    print(f"kills: {kills}, of which landed mid-run: {interrupted}")
    assert kills == 20 and interrupted >= 5, interrupted   # the test means something: kills land mid-run


def _digest(p: Path) -> str:
    return hashlib.sha1(p.read_bytes()).hexdigest()


def test_opening_to_read_never_writes(tmp_path):
    from sitroom.fixtures import build_fixture_db
    db = build_fixture_db(tmp_path / "r.duckdb", n_events=30)
    before = (_digest(db), sorted(os.listdir(tmp_path)))
    for kwargs in ({"read_only": True}, {"shared": True}, {"read_only": True, "shared": True}):
        s = Store(db, **kwargs)
        s.counts(), s.data_version()
        s.close()
    assert (_digest(db), sorted(os.listdir(tmp_path))) == before


def _cli(args, env=None, preexec=None, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "sitroom.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=dict(os.environ, **(env or {})), preexec_fn=preexec, timeout=180)


def _lock_down(paths: list[Path], on: bool) -> None:
    """Make files read-only for this process: modes for a normal user; root ignores modes, so
    the immutable attribute (chattr +i) there."""
    for p in paths:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "+i" if on else "-i", str(p)], check=on)
        else:
            p.chmod((0o555 if p.is_dir() else 0o444) if on else 0o755)


def test_read_only_database_reads_and_refuses_writes_clearly(tmp_path):
    from sitroom.fixtures import build_fixture_db
    folder = tmp_path / "ro"
    folder.mkdir()
    db = build_fixture_db(folder / "r.duckdb", n_events=30)
    _lock_down([db, folder], True)
    try:
        out = _cli(["export", "--db", str(db), "--format", "csv", "-o", "-"])
        assert out.returncode == 0, out.stderr
        assert out.stdout.count("\n") > 10
        probe = subprocess.run([sys.executable, "-c", (
            "import sys; from sitroom.store import Store, StoreError\n"
            f"s = Store({str(db)!r}, shared=True)\n"
            "try:\n    s.add_edit(s.cursor().execute('select event_id from events limit 1').fetchone()[0], "
            "'status', 'confirmed', author='x')\nexcept StoreError as e:\n    print('ERR', e); sys.exit(3)\n")],
            cwd=ROOT, capture_output=True, text=True, timeout=60)
        assert probe.returncode == 3, probe.stdout + probe.stderr
        assert "read-only" in probe.stdout and "Traceback" not in probe.stderr
        ing = _cli(["ingest", "--db", str(db), str(write_articles(tmp_path / "n.jsonl", 1))])
        assert ing.returncode == 1 and "read-only" in ing.stderr and "Traceback" not in ing.stderr, ing.stderr
    finally:
        _lock_down([db, folder], False)


def test_full_disk_gives_a_clear_message_and_keeps_the_database(tmp_path):
    from sitroom.fixtures import build_fixture_db
    db = build_fixture_db(tmp_path / "f.duckdb", n_events=30)
    src = tmp_path / "big.jsonl"
    rng = random.Random(1)
    src.write_text("".join(json.dumps({"id": f"b{i}", "title": f"B {i}", "text": " ".join(
        "".join(rng.choice("abcdefghij") for _ in range(8)) for _ in range(8000))}) + "\n" for i in range(20)),
        encoding="utf-8")
    limit = db.stat().st_size + 16 * 1024

    def small_disk():
        import signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # writes past the limit fail with EFBIG instead
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    probe = subprocess.run([sys.executable, "-c", (
        "import sys; sys.path.insert(0, 'tests'); from fakes import fake_extractor\n"
        "from sitroom.ingest import ingest_paths; from sitroom.store import Store, StoreError\n"
        f"s = Store({str(db)!r}, shared=True)\n"
        f"try:\n    ingest_paths([{str(src)!r}], store=s, resources=None, extractor=fake_extractor, batch_size=40)\n"
        "except StoreError as e:\n    print('ERR', e); sys.exit(3)\n")],
        cwd=ROOT, capture_output=True, text=True, preexec_fn=small_disk, timeout=120)
    assert probe.returncode == 3, probe.stdout + probe.stderr[-2000:]
    assert "disk is full" in probe.stdout
    store = Store(db, read_only=True)
    assert store.counts()["articles"] > 0 and store.known_articles(["b0"], []) == {}
    store.close()
