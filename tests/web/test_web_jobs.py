"""Season scans as background jobs (issue 16 item 5): ``POST /api/season`` → job id,
``GET /api/jobs/{id}`` → state, progress and result, ``DELETE`` → cancel.

Checked here: a job reports its departures as it judges them and ends with the very
season ``GET /api/season`` answers (one algorithm, the CLI's scan); the same query
joins its job; bad input is refused at once, not as a failed job later; job status is
never served from the answer cache; jobs run in their own threads, so a busy job pool
leaves the interactive solves free; and the pool's bounds: jobs per server and per
client, a time limit and cancel that stop a running job's thread, finished jobs
forgotten, shutdown stopping everything. Bounds in time are liveness limits (a stopped
thread must end), never speed assertions.
"""

from __future__ import annotations

import threading
import time
import warnings

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from arcticroute.web import Limits, create_app
from arcticroute.web import service as web_service
from arcticroute.web.jobs import JobCancelled, JobPool, JobTimeout
from arcticroute.web.limits import Busy

ARC4 = "container_4500teu_arc4"
# A design speed no other test asks for: the scan is not in any cache of this process.
QUERY = {"from": "Shanghai", "to": "Rotterdam", "ship": ARC4, "year": 2026, "design_speed_kn": 17.3}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app()) as c:
        yield c


def _until_final(client, url: str, limit_s: float = 180.0) -> tuple[dict, list[dict]]:
    seen, end = [], time.monotonic() + limit_s
    while time.monotonic() < end:
        job = client.get(url).json()
        seen.append(job)
        if job["state"] in ("done", "failed", "cancelled"):
            return job, seen
        time.sleep(0.1)
    raise AssertionError(f"the job did not end within {limit_s} s: {seen[-1]}")


# --- the API -------------------------------------------------------------------------------


def test_a_season_job_reports_progress_and_ends_with_the_season(client):
    r = client.post("/api/season", json=QUERY)
    assert r.status_code == 202, r.text
    first = r.json()
    assert r.headers["location"] == first["links"]["self"] == f"/api/jobs/{first['id']}"
    assert first["state"] in ("queued", "running")
    assert first["query"] == {**QUERY, "variant": "nsr", "ice_stat": "median"}
    job, seen = _until_final(client, r.headers["location"])
    assert job["state"] == "done", job["error"]
    season = job["result"]
    # every departure judged is a row of the season, and the count never runs backwards
    assert job["progress"]["done"] == len(season["rows"]) >= 53  # weekly 1 Jan .. 31 Dec
    done = [j["progress"]["done"] for j in seen]
    assert done == sorted(done)
    assert any(0 < j["progress"]["done"] < j["progress"]["planned"] for j in seen)
    assert all(j["progress"]["done"] <= j["progress"]["planned"] for j in seen)
    # as the record of 2013 (ships on the NSR 28 Jun - 28 Nov): open in September, not in
    # February
    ok = {row["departure"][:7] for row in season["rows"] if row["feasible"]}
    assert "2026-09" in ok and "2026-02" not in ok
    # the synchronous endpoint answers with the same season (same job, same algorithm)
    sync = client.get("/api/season", params=QUERY)
    assert sync.status_code == 200 and sync.json() == season


def test_the_same_query_joins_its_job(client):
    a = client.post("/api/season", json=QUERY).json()
    b = client.post("/api/season", json={**QUERY, "from": "  Shanghai "}).json()
    assert a["id"] == b["id"]
    assert client.get("/api/health").json()["jobs"]["joined"] >= 1


@pytest.mark.parametrize(
    ("body", "code", "where"),
    [
        ({**QUERY, "from": "Shangxai"}, "unknown_port", "Shanghai"),
        ({**QUERY, "ship": "no_such_ship"}, "invalid_parameter", "ship"),
        ({**QUERY, "year": 3000}, "invalid_parameter", "year"),
        ({**QUERY, "variant": "suez"}, "invalid_parameter", "variant"),
        ({**QUERY, "workers": 64}, "invalid_parameter", "workers"),
        ({"to": "Rotterdam"}, "invalid_parameter", "from"),
    ],
)
def test_bad_season_queries_are_refused_at_once(client, body, code, where):
    before = client.get("/api/health").json()["jobs"]["submitted"]
    r = client.post("/api/season", json=body)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == code and where in r.text
    assert client.get("/api/health").json()["jobs"]["submitted"] == before


def test_unknown_and_malformed_job_ids(client):
    for method in ("get", "delete"):
        r = getattr(client, method)("/api/jobs/AAAAAAAAAAAAAAAA")
        assert r.status_code == 404 and r.json()["error"] == "unknown_job"
        assert "POST /api/season" in r.json()["message"]
        r = getattr(client, method)("/api/jobs/../../etc")
        assert r.status_code in (404, 422)
        r = getattr(client, method)("/api/jobs/" + "A" * 17)
        assert r.status_code == 422 and r.json()["error"] == "invalid_parameter"


def test_job_status_is_never_served_from_the_answer_cache(client):
    release = threading.Event()
    job = client.app.state.jobs.submit(("cache-test",), lambda report: release.wait(30), {})
    url = f"/api/jobs/{job.id}"
    hits = client.get("/api/health").json()["pool"]["raw_hits"]
    first = client.get(url)
    assert first.headers["cache-control"] == "no-store"
    assert first.json()["state"] in ("queued", "running")  # its thread may not have started
    release.set()
    final, _ = _until_final(client, url, 10)
    assert final["state"] == "done"
    assert client.get("/api/health").json()["pool"]["raw_hits"] == hits


def test_a_running_job_leaves_the_solves_free(monkeypatch):
    release, started = threading.Event(), threading.Event()

    def slow_season(*args, **kwargs):
        started.set()
        release.wait(30)
        return {"rows": []}

    monkeypatch.setattr(web_service, "season_doc", slow_season)
    with TestClient(create_app(Limits(workers=1, job_workers=1))) as c:
        job = c.post("/api/season", json={**QUERY, "year": 2033}).json()
        assert started.wait(30)
        # the one solve thread is free: a corridor route is answered while the job runs
        r = c.get("/api/route", params={"from": "Shanghai", "to": "Rotterdam", "via": "suez"})
        assert r.status_code == 200, r.text
        assert c.get(f"/api/jobs/{job['id']}").json()["state"] == "running"
        release.set()
        assert _until_final(c, f"/api/jobs/{job['id']}", 10)[0]["state"] == "done"


# --- the pool's bounds ---------------------------------------------------------------------


def _pool(**kw) -> JobPool:
    return JobPool(Limits(**kw))


def _reporting_forever(report):
    n = 0
    while True:
        n += 1
        report(n, n + 10)
        time.sleep(0.01)


def _ended(job, limit_s: float = 10.0) -> bool:
    end = time.monotonic() + limit_s
    while time.monotonic() < end and not (job.final and job.future.done()):
        time.sleep(0.02)
    return job.final and job.future.done()


def test_a_job_past_its_time_limit_is_stopped():
    pool = _pool(job_timeout_s=0.3)
    job = pool.submit("k", _reporting_forever, {})
    assert _ended(job)
    assert job.state == "failed" and isinstance(job.error, JobTimeout)
    assert "0.3 s" in str(job.error) and pool.info()["timeouts"] == 1
    pool.shutdown()


def test_cancel_stops_a_running_job_and_a_queued_one_never_starts():
    pool = _pool(job_workers=1)
    running = pool.submit("a", _reporting_forever, {})
    queued = pool.submit("b", lambda report: pytest.fail("a cancelled job ran"), {})
    assert pool.cancel(queued.id).state == "cancelled"
    pool.cancel(running.id)
    assert _ended(running) and _ended(queued)
    assert running.state == "cancelled" and isinstance(running.error, JobCancelled)
    assert pool.cancel("unknown") is None
    pool.shutdown()


def test_jobs_are_bounded_per_server_and_per_client():
    release = threading.Event()
    hold = lambda report: release.wait(30)  # noqa: E731
    pool = _pool(max_jobs=3, max_jobs_per_client=2)
    pool.submit("a1", hold, {}, client="10.0.0.1")
    pool.submit("a2", hold, {}, client="10.0.0.1")
    with pytest.raises(Busy, match="limit 2 per client"):
        pool.submit("a3", hold, {}, client="10.0.0.1")
    pool.submit("b1", hold, {}, client="10.0.0.2")
    with pytest.raises(Busy, match="limit 3"):
        pool.submit("c1", hold, {}, client="10.0.0.3")
    # joining a job already there costs no room
    assert pool.submit("a1", hold, {}, client="10.0.0.3").key == "a1"
    release.set()
    pool.shutdown()


def test_finished_jobs_are_forgotten_and_shutdown_stops_the_rest():
    pool = _pool(job_keep_s=0.2, max_jobs_kept=1)
    done = pool.submit("quick", lambda report: 42, {})
    assert _ended(done) and done.result == 42
    time.sleep(0.3)
    assert pool.get(done.id) is None
    again = pool.submit("quick", lambda report: 43, {})  # a forgotten query runs again
    assert again.id != done.id and _ended(again) and again.result == 43
    running = pool.submit("forever", _reporting_forever, {})
    pool.shutdown()
    assert _ended(running) and running.state == "cancelled"
