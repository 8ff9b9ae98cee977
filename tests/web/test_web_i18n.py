"""API errors titled in the client's language (issue 16 item 6): ``Accept-Language`` picks
one of the page's five languages, every error body carries ``title`` and ``lang`` from the
page's catalogue (key ``err_<code>``) and a ``Content-Language`` header, while ``message``
stays the English detail the CLI prints. Checked on each layer that answers errors: the
endpoints, the size limits, the request guard and a background job's error.
"""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from arcticroute.web import create_app
from arcticroute.web.app import error_status
from arcticroute.web.i18n import LANGS, WEB_ERROR_CODES, error_title, negotiate
from arcticroute.web.limits import Busy, SolveTimeout

STATIC = Path(__file__).resolve().parents[2] / "src/arcticroute/web/static"
WEB = STATIC.parent
Q = {"from": "Shanghai", "to": "Rotterdam", "date": "2026-09-01", "ice": "false"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("ja-JP,ja;q=0.9,en;q=0.8", "ja"),
        ("zh-CN,zh;q=0.9", "zh-Hans"),
        ("zh-TW", "zh-Hans"),  # the one Chinese catalogue, as the page picks it
        ("ko-KR", "ko"),
        ("fr-FR, ru;q=0.5", "ru"),  # French is not offered: the next range
        ("de, *;q=0.1", "en"),
        ("ru;q=0, ko;q=0.2", "ko"),  # q=0: "not acceptable"
        ("en;q=abc, ja", "ja"),  # a malformed weight drops its range only
        ("", "en"),
        (None, "en"),
    ],
)
def test_accept_language_picks_one_of_the_five_languages(header, lang):
    assert negotiate(header) == lang


def test_every_code_the_web_answers_with_has_a_title_in_every_language():
    source = "\n".join(p.read_text("utf-8") for p in WEB.glob("*.py"))
    named = set(re.findall(r'"error": "(\w+)"', source))
    named |= set(re.findall(r'\b[45]\d\d,\s*"(\w+)"', source))  # a status, then the code
    named |= set(re.findall(r'raw_response\(\s*\d+,\s*"[^"]*",\s*"(\w+)"', source))
    named |= {error_status(e)[1] for e in (Busy("x"), SolveTimeout("x"), ValueError("x"))}
    assert {"query_too_long", "invalid_host", "request_timeout", "unknown_job"} <= named
    assert named <= set(WEB_ERROR_CODES), named - set(WEB_ERROR_CODES)
    for lang in LANGS:
        cat = json.loads((STATIC / "i18n" / f"{lang}.json").read_text("utf-8"))
        missing = [c for c in WEB_ERROR_CODES if f"err_{c}" not in cat]
        assert missing == [], (lang, missing)
        assert len({error_title(c, lang) for c in WEB_ERROR_CODES}) == len(WEB_ERROR_CODES)


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("en", "Port not found"),
        ("zh-Hans", "未找到港口"),
        ("ja", "港が見つかりません"),
        ("ko", "항구를 찾을 수 없습니다"),
        ("ru", "Порт не найден"),
    ],
)
def test_an_unknown_port_is_titled_in_the_language_asked(client, lang, title):
    ask = {"Accept-Language": lang}
    r = client.get("/api/compare", params={**Q, "to": "Rotterdm"}, headers=ask)
    assert r.status_code == 422
    body = r.json()
    assert body["error"] == "unknown_port" and body["title"] == title and body["lang"] == lang
    assert r.headers["content-language"] == lang
    assert "Rotterdm" in body["message"] and "Rotterdam" in body["message"]  # English detail


def test_every_layer_titles_its_errors(client):
    ja = {"Accept-Language": "ja"}
    cases = [
        (client.get("/api/compare", params={**Q, "x" * 10: "y" * 3000}, headers=ja), 414),
        (client.get("/api/compare?from=A&from=B&to=Rotterdam", headers=ja), 422),  # guard
        (client.get("/api/jobs/AAAAAAAAAAAAAAAA", headers=ja), 404),
        (client.get("/api/compare", params={**Q, "date": "2026-13-01"}, headers=ja), 422),
        (client.post("/api/compare/batch", content=b"x" * 20_000, headers=ja), 413),
    ]
    for r, status in cases:
        assert r.status_code == status, r.text
        body = r.json()
        assert body["lang"] == "ja" and body["title"] == error_title(body["error"], "ja")
        assert r.headers["content-language"] == "ja"
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", body["title"]), body


def test_a_failed_jobs_error_is_titled_too(client):
    job = client.app.state.jobs.submit(("i18n",), lambda report: 1 / 0, {})
    r = client.get(f"/api/jobs/{job.id}", headers={"Accept-Language": "ru"})
    for _ in range(100):
        if r.json()["state"] != "failed":
            r = client.get(f"/api/jobs/{job.id}", headers={"Accept-Language": "ru"})
    error = r.json()["error"]
    assert error["error"] == "internal" and error["title"] == "Внутренняя ошибка сервера"
