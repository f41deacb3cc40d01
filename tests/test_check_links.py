"""scripts/check_links.py, offline: a local HTTP server on 127.0.0.1 plays every kind of site."""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "check_links.py"
_spec = importlib.util.spec_from_file_location("check_links", SCRIPT)
check_links = importlib.util.module_from_spec(_spec)
sys.modules["check_links"] = check_links  # dataclasses look their module up there
_spec.loader.exec_module(check_links)

RELEASE = threading.Event()  # set at teardown, so the slow page never outlives its test
SEEN: list[tuple[str, str, str]] = []  # (method, path, user agent) of every request


class Site(BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.answer(body=False)

    def do_GET(self) -> None:
        self.answer(body=True)

    def answer(self, body: bool) -> None:
        SEEN.append((self.command, self.path, self.headers.get("User-Agent", "")))
        if self.path == "/ok":
            self.reply(200, body)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/no-head" and not body:
            self.reply(405, body)
        elif self.path == "/no-head":
            self.reply(200, body)
        elif self.path == "/hang-up" and not body:
            self.close_connection = True  # no answer at all, as some servers do to HEAD
        elif self.path == "/hang-up":
            self.reply(200, body)
        elif self.path == "/slow":
            RELEASE.wait(5)
            self.reply(200, body)
        else:
            self.reply(404, body)

    def reply(self, code: int, body: bool) -> None:
        payload = b"<html>page</html>"
        self.send_response(code)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def log_message(self, *args: object) -> None:  # keep the test output quiet
        pass


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    RELEASE.clear()
    SEEN.clear()
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        RELEASE.set()
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_an_ok_page_answers_head(site: str) -> None:
    result = check_links.check(f"{site}/ok", timeout=2)
    assert (result.status, result.method, result.final_url, result.dead) == (
        200,
        "HEAD",
        None,
        False,
    )
    assert [(m, p) for m, p, _ in SEEN] == [("HEAD", "/ok")]
    assert SEEN[0][2] == check_links.USER_AGENT


def test_a_redirect_is_followed_with_head_and_reported(site: str) -> None:
    result = check_links.check(f"{site}/moved", timeout=2)
    assert (result.status, result.final_url, result.dead) == (200, f"{site}/ok", False)
    assert [(m, p) for m, p, _ in SEEN] == [("HEAD", "/moved"), ("HEAD", "/ok")]


def test_a_missing_page_is_dead(site: str) -> None:
    result = check_links.check(f"{site}/gone", timeout=2)
    assert (result.status, result.dead) == (404, True)
    assert [m for m, _, _ in SEEN] == ["HEAD"]  # a 404 is an answer: no GET


def test_a_server_refusing_head_is_asked_with_get(site: str) -> None:
    result = check_links.check(f"{site}/no-head", timeout=2)
    assert (result.status, result.method, result.dead) == (200, "GET", False)
    assert [(m, p) for m, p, _ in SEEN] == [("HEAD", "/no-head"), ("GET", "/no-head")]


def test_a_server_hanging_up_on_head_is_asked_with_get(site: str) -> None:
    result = check_links.check(f"{site}/hang-up", timeout=2)
    assert (result.status, result.method, result.dead) == (200, "GET", False)
    assert [(m, p) for m, p, _ in SEEN] == [("HEAD", "/hang-up"), ("GET", "/hang-up")]


def test_a_slow_server_times_out(site: str) -> None:
    result = check_links.check(f"{site}/slow", timeout=0.3)
    assert (result.status, result.error, result.dead) == (None, "timed out", True)
    assert [m for m, _, _ in SEEN] == ["HEAD"]  # a timeout is not retried


def test_nothing_listening_is_dead() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    port = server.server_address[1]
    server.server_close()  # the port is free again: the connection is refused
    result = check_links.check(f"http://127.0.0.1:{port}/ok", timeout=2)
    assert result.status is None
    assert result.dead


ROADMAP = """\
schema_version: 1
id: links
title: Links
tracks:
  - id: main
    title: Main
    sections:
      - title: About
        resources:
          - title: Mail us
            url: mailto:team@example.org
    skills:
      - id: a
        name: A
        resources:
          - title: Good
            url: {site}/ok
          - title: Moved
            url: {site}/moved
      - id: b
        name: B
        resources:
          - title: Good again
            url: {site}/ok
          - title: HEAD refused
            url: {site}/no-head
    phases:
      - id: one
        number: 1
        title: One
        skills: [a, b]
        resources:
          - title: {extra_title}
            url: {site}/{extra}
"""


def write(tmp_path: Path, site: str, extra: str) -> Path:
    path = tmp_path / "links.yaml"
    text = ROADMAP.format(site=site, extra=extra, extra_title=extra.capitalize())
    path.write_text(text, encoding="utf-8")
    return path


def test_main_passes_when_every_link_answers(site: str, tmp_path: Path, capsys) -> None:
    path = write(tmp_path, site, "ok")
    assert check_links.main([str(path), "--timeout", "2"]) == 0
    out = capsys.readouterr().out.splitlines()
    # Each URL once, in file order; mailto: is not asked.
    assert [line.split()[2] for line in out[1:-1]] == [
        f"{site}/ok",
        f"{site}/moved",
        f"{site}/no-head",
    ]
    assert f"{site}/moved  -> {site}/ok" in out[2]
    assert out[-1] == "3 links: 3 ok (1 redirected), 0 dead"


def test_main_fails_on_a_dead_link_and_names_it(site: str, tmp_path: Path, capsys) -> None:
    path = write(tmp_path, site, "gone")
    assert check_links.main([str(path), "--timeout", "2", "--workers", "2"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == f"404     HEAD    {site}/gone  (Not Found)"
    assert out[-1] == "4 links: 3 ok (1 redirected), 1 dead"


def test_main_reads_the_file_with_the_programs_own_rules(tmp_path: Path, capsys) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text("a: &x [1]\nb: *x\n", encoding="utf-8")
    assert check_links.main([str(path)]) == 2
    err = capsys.readouterr().err
    assert err == f"check_links: error: {path}:2: YAML aliases are not allowed in a roadmap\n"


def test_the_bundled_roadmap_has_urls_to_check() -> None:
    from roadmap_cli.catalog import load_roadmap

    urls = check_links.roadmap_urls(load_roadmap(cache=False))
    assert urls
    assert len(urls) == len(set(urls))
    assert all(url.startswith(("http://", "https://")) for url in urls)
