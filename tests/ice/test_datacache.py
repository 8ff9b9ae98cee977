"""Download cache: real HTTP against a local server on 127.0.0.1 only.

Every test runs with the cache in ``tmp_path`` and ``ARCTICROUTE_DATA_URL``
pointing at a closed local port unless it starts the server, so no test can
reach the internet or touch the real user cache. Requests use a 5 s timeout.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from arcticroute.errors import DataFileError
from arcticroute.ice import datacache

TIF = "N_20250301_concentration_v3.0.tif"
TIF_SHARED = "nsidc-seaiceindex-daily-conc-2025/" + TIF
TIF_REMOTE = "G02135/north/daily/geotiff/2025/03_Mar/" + TIF
CSV = "N_09_extent_v3.0.csv"
CSV_REMOTE = "G02135/north/monthly/data/" + CSV
OSI = "ice_conc_nh_ease2-250_cdr-v3p0_201209151200.nc"
OSI_REMOTE = "reprocessed/ice/conc_450a_files/2012/09/" + OSI
TIMEOUT_S = 5.0


class _Handler(SimpleHTTPRequestHandler):
    """Static files plus two faults: ``/cut/...`` closes mid-body, ``/stall/...`` hangs."""

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        if self.path.startswith("/stall/"):
            time.sleep(2.0)
            self.send_error(503)
            return
        if self.path.startswith("/cut/"):
            self.path = self.path[len("/cut") :]
            body = Path(self.translate_path(self.path)).read_bytes()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.close_connection = True
            return
        super().do_GET()

    def log_message(self, *args: object) -> None:
        pass


class _Server:
    def __init__(self, root: Path) -> None:
        self.root = root
        handler = functools.partial(_Handler, directory=str(root))
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def put(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


@pytest.fixture(autouse=True)
def _isolated(tmp_path, monkeypatch):
    monkeypatch.setenv(datacache.ENV_CACHE_DIR, str(tmp_path / "cache"))
    monkeypatch.delenv(datacache.ENV_OFFLINE_DIR, raising=False)
    # Port 9 (discard) on the loopback: a stray download fails fast, never leaves the host.
    monkeypatch.setenv(datacache.ENV_BASE_URL, "http://127.0.0.1:9/")


@pytest.fixture
def server(tmp_path, monkeypatch):
    srv = _Server(tmp_path / "www")
    (tmp_path / "www").mkdir(exist_ok=True)
    monkeypatch.setenv(datacache.ENV_BASE_URL, srv.url)
    yield srv
    srv.stop()
    assert len(srv.requests) < 20


@pytest.fixture
def tif_bytes(shared_data) -> bytes:
    return (shared_data / TIF_SHARED).read_bytes()


def _cache_files(tmp_path: Path) -> list[Path]:
    """Every file in the cache, hidden temporaries included, except the hash record."""
    root = tmp_path / "cache"
    return sorted(p for p in root.rglob("*") if p.is_file() and p.name != datacache.RECORD_FILE)


def _fetch(name: str, **kw) -> Path:
    return datacache.fetch(name, timeout_s=TIMEOUT_S, **kw)


# ---------------------------------------------------------------- registry


def test_pinned_hashes_match_the_shared_sha256sums(shared_data):
    sums = {}
    for line in (shared_data / "SHA256SUMS").read_text().splitlines():
        digest, rel = line.split(maxsplit=1)
        sums.setdefault(rel.rsplit("/", 1)[-1], []).append((digest, shared_data / rel))
    pinned = [e for e in datacache.list_files() if e.pinned]
    assert len(pinned) == 10
    for entry in pinned:
        ((digest, path),) = sums[entry.name]
        assert entry.sha256 == digest, entry.name
        assert entry.size_bytes == path.stat().st_size, entry.name


def test_registry_names_unique_and_urls_are_file_downloads():
    entries = datacache.list_files()
    assert len({e.name for e in entries}) == len(entries) == 21
    for e in entries:
        assert e.kind in ("fixed", "updated")
        assert not e.pinned or e.kind == "fixed"
    for host in ("nsidc", "osisaf"):
        assert datacache.HOSTS[host].startswith("https://")
    assert "/fileServer/" in datacache.HOSTS["osisaf"]
    assert "dodsC" not in datacache.HOSTS["osisaf"]


@pytest.mark.parametrize(
    ("name", "date", "tail"),
    [
        (
            "N_{YYYY}{MM}{DD}_concentration_v4.0.tif",
            "2025-03-02",
            "G02135/north/daily/geotiff/2025/03_Mar/N_20250302_concentration_v4.0.tif",
        ),
        ("N_{MM}_extent_v4.0.csv", "2012-09", "G02135/north/monthly/data/N_09_extent_v4.0.csv"),
        (
            "seaice_conc_monthly_nh_199510_f13_v04r00.nc",
            None,
            "G02202_V4/north/monthly/seaice_conc_monthly_nh_199510_f13_v04r00.nc",
        ),
        (
            "sic_psn25_{YYYY}{MM}_{SAT}_v05r00.nc",
            dt.date(1987, 7, 1),
            "G02202_V5/north/monthly/sic_psn25_198707_N07_v05r00.nc",
        ),
        (
            "ice_conc_nh_ease2-250_cdr-v3p0_{YYYY}{MM}{DD}1200.nc",
            "2012-09-15",
            "reprocessed/ice/conc_450a_files/2012/09/" + OSI,
        ),
    ],
)
def test_patterns_render_documented_urls(name, date, tail, monkeypatch):
    monkeypatch.delenv(datacache.ENV_BASE_URL)
    entry, day = datacache._resolve(name, date)
    url = datacache._url(entry, datacache._render(entry, day), None)
    assert url == datacache.HOSTS[entry.host] + tail


@pytest.mark.parametrize(
    ("name", "date", "match"),
    [
        ("no_such_file.nc", None, "unknown data file 'no_such_file.nc'; known files"),
        ("N_{MM}_extent_v4.0.csv", None, "URL pattern: give a date"),
        ("sic_psn25_201209_F13_v05r00.nc", None, "for 2012-09-01 is named sic_psn25_201209_F17"),
        ("N_20250302_concentration_v4.0.tif", "2025-03-03", "is for 2025-03-02"),
        ("N_{MM}_extent_v4.0.csv", "2012-13", "not an ISO date"),
        ("ice_conc_nh_ease2-250_cdr-v3p0_202201011200.nc", None, "outside the product period"),
        ("sic_psn25_{YYYY}{MM}_{SAT}_v05r00.nc", "2030-01", "not documented here"),
    ],
)
def test_bad_names_and_dates(name, date, match):
    with pytest.raises(DataFileError, match=match):
        datacache.fetch(name, date)


def test_project_file_without_mirror_says_what_to_set(monkeypatch):
    monkeypatch.delenv(datacache.ENV_BASE_URL)
    with pytest.raises(DataFileError, match="no public download URL: set ARCTICROUTE_DATA_DIR"):
        datacache.fetch("region_n.msk")


def test_non_http_base_url_is_refused():
    with pytest.raises(DataFileError, match="must start with http"):
        datacache.fetch(TIF, base_url="ftp://example.org/")


def test_cache_inside_offline_dir_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(datacache.ENV_OFFLINE_DIR, str(tmp_path))
    with pytest.raises(DataFileError, match="read-only ARCTICROUTE_DATA_DIR"):
        datacache.cache_dir()


# ---------------------------------------------------------------- downloads


def test_good_download_is_verified_and_then_served_from_cache(server, tif_bytes, tmp_path):
    server.put(TIF_REMOTE, tif_bytes)
    path = _fetch(TIF)
    assert path == tmp_path / "cache" / "nsidc" / TIF_REMOTE
    assert path.read_bytes() == tif_bytes
    assert server.requests == ["/" + TIF_REMOTE]
    assert _fetch(TIF) == path
    assert len(server.requests) == 1  # second fetch: no HTTP request
    assert _cache_files(tmp_path) == [path]


def test_base_url_argument_overrides_environment(server, tif_bytes, monkeypatch):
    monkeypatch.setenv(datacache.ENV_BASE_URL, "http://127.0.0.1:9/")
    server.put(TIF_REMOTE, tif_bytes)
    assert _fetch(TIF, base_url=server.url).read_bytes() == tif_bytes


def test_truncated_file_is_rejected_and_nothing_is_left(server, tif_bytes, tmp_path):
    server.put(TIF_REMOTE, tif_bytes[: len(tif_bytes) // 2])
    with pytest.raises(DataFileError, match=r"333130 bytes, expected 666261 \(sha256 809420d2"):
        _fetch(TIF)
    assert _cache_files(tmp_path) == []


def test_transfer_cut_mid_body_is_rejected_and_nothing_is_left(server, tif_bytes, tmp_path):
    server.put(TIF_REMOTE, tif_bytes)
    with pytest.raises(
        DataFileError, match=f"{TIF}: transfer .* truncated, 333130 of 666261 bytes"
    ):
        _fetch(TIF, base_url=server.url + "cut/")
    assert server.requests == ["/cut/" + TIF_REMOTE]
    assert _cache_files(tmp_path) == []


def test_corrupted_file_is_rejected_and_nothing_is_left(server, tif_bytes, tmp_path):
    bad = bytearray(tif_bytes)
    for i in range(1000, 1010):
        bad[i] ^= 0xFF
    server.put(TIF_REMOTE, bytes(bad))
    with pytest.raises(DataFileError, match=f"{TIF} .*expected 809420d2.*Retry the download"):
        _fetch(TIF)
    assert _cache_files(tmp_path) == []


def test_http_404_is_a_clear_error(server, tmp_path):
    with pytest.raises(DataFileError, match=r"HTTP 404 .*N_20250302_concentration_v4\.0\.tif"):
        _fetch("N_20250302_concentration_v4.0.tif")
    assert len(server.requests) == 1
    assert _cache_files(tmp_path) == []


def test_stalled_server_times_out(server, tmp_path):
    start = time.monotonic()
    with pytest.raises(DataFileError, match="timed out"):
        datacache.fetch(TIF, base_url=server.url + "stall/", timeout_s=0.5)
    assert time.monotonic() - start < 1.9
    assert _cache_files(tmp_path) == []


def test_html_page_instead_of_csv_is_rejected(server, tmp_path):
    server.put(CSV_REMOTE, b"<html><body>Please log in</body></html>\n")
    with pytest.raises(DataFileError, match="not a text CSV file"):
        _fetch(CSV)
    assert _cache_files(tmp_path) == []
    assert not (tmp_path / "cache" / datacache.RECORD_FILE).exists()


# ---------------------------------------------------------------- offline directory


def test_offline_dir_is_used_without_network(server, shared_data, monkeypatch, tmp_path):
    monkeypatch.setenv(datacache.ENV_OFFLINE_DIR, str(shared_data))
    assert _fetch(TIF) == shared_data / TIF_SHARED
    msk = _fetch("region_n.msk")
    assert msk == shared_data / "nsidc-psn25-grid-ancillary/region_n.msk"
    datacache.verify("region_n.msk")
    assert server.requests == []
    assert _cache_files(tmp_path) == []


def test_corrupt_file_in_offline_dir_is_rejected(server, tif_bytes, monkeypatch, tmp_path):
    offline = tmp_path / "offline"
    offline.mkdir()
    bad = bytearray(tif_bytes)
    bad[-1] ^= 0x01
    (offline / TIF).write_bytes(bytes(bad))
    monkeypatch.setenv(datacache.ENV_OFFLINE_DIR, str(offline))
    with pytest.raises(DataFileError, match=r"ARCTICROUTE_DATA_DIR copy .* expected 809420d2"):
        _fetch(TIF)
    assert server.requests == []


# ---------------------------------------------------------------- unpinned files


def _records(tmp_path: Path) -> dict:
    return json.loads((tmp_path / "cache" / datacache.RECORD_FILE).read_text())


def test_updated_file_records_hash_and_is_replaced_only_on_refresh(server, shared_data, tmp_path):
    old = (shared_data / "nsidc-seaiceindex-g02135/original" / CSV).read_bytes()
    new = old + b"2025,  9,      Goddard,      N,   4.75,   3.10\n"
    server.put(CSV_REMOTE, old)
    path = _fetch("N_{MM}_extent_v3.0.csv", date="2012-09")
    rec = _records(tmp_path)["nsidc/" + CSV_REMOTE]
    assert rec["sha256"] == datacache._sha256(path)
    assert rec["url"] == server.url + CSV_REMOTE

    server.put(CSV_REMOTE, new)
    assert _fetch(CSV).read_bytes() == old  # cached copy, no request
    assert len(server.requests) == 1
    assert _fetch(CSV, refresh=True).read_bytes() == new
    assert _records(tmp_path)["nsidc/" + CSV_REMOTE]["sha256"] == datacache._sha256(path)

    path.write_bytes(old)  # local change behind the cache's back
    with pytest.raises(DataFileError, match="was recorded when it was downloaded"):
        datacache.verify(CSV)
    with pytest.raises(DataFileError, match="refresh=True"):
        _fetch(CSV)


def test_fixed_unpinned_file_changed_upstream_is_an_error(server, shared_data, tmp_path):
    first = shared_data / "nsidc-g02202-v3-monthly-nh/seaice_conc_monthly_nh_f17_201209_v03r01.nc"
    second = shared_data / "nsidc-g02202-v3-monthly-nh/seaice_conc_monthly_nh_f17_201309_v03r01.nc"
    server.put(OSI_REMOTE, first.read_bytes())
    path = _fetch(OSI)
    assert _fetch(OSI, refresh=True) == path  # same content: accepted
    server.put(OSI_REMOTE, second.read_bytes())
    with pytest.raises(DataFileError, match=r"cached copy .* is kept"):
        _fetch(OSI, refresh=True)
    assert path.read_bytes() == first.read_bytes()
    assert _cache_files(tmp_path) == [path]
    assert len(server.requests) == 3


# ---------------------------------------------------------------- CLI helpers


def test_verify_and_verify_all(server, tif_bytes, tmp_path):
    server.put(TIF_REMOTE, tif_bytes)
    path = _fetch(TIF)
    datacache.verify(TIF)
    datacache.verify(path)
    assert [r.error for r in datacache.verify_all()] == [None]
    path.write_bytes(tif_bytes[:-1] + bytes([tif_bytes[-1] ^ 0xFF]))
    with pytest.raises(DataFileError, match="expected 809420d2"):
        datacache.verify(path)
    (result,) = datacache.verify_all()
    assert result.path == path
    assert "expected 809420d2" in result.error


def test_verify_missing_file_says_download_first():
    with pytest.raises(DataFileError, match="download it first"):
        datacache.verify(TIF)
    with pytest.raises(DataFileError, match="does not exist"):
        datacache.verify("/nonexistent/folder/" + TIF)


def test_download_reports_each_file(server, tif_bytes):
    server.put(TIF_REMOTE, tif_bytes)
    good, bad = datacache.download([TIF, "N_20250302_concentration_v4.0.tif"], timeout_s=5)
    assert good.error is None
    assert good.source == "download"
    assert good.sha256 == datacache.REGISTRY[7].sha256
    assert bad.path is None
    assert "HTTP 404" in bad.error
    (again,) = datacache.download([TIF])
    assert again.source == "cache"


def test_describe_files_lists_every_entry_with_cache_state(server, tif_bytes, tmp_path):
    rows = datacache.describe_files()
    assert len(rows) == len(datacache.REGISTRY)
    assert all(r["cached"] is None for r in rows)
    server.put(TIF_REMOTE, tif_bytes)
    _fetch(TIF)
    (row,) = [r for r in datacache.describe_files() if r["name"] == TIF]
    assert row["cached"] == str(tmp_path / "cache" / "nsidc" / TIF_REMOTE)
    assert row["pinned"] is True
    assert row["url"] == server.url + TIF_REMOTE


def test_shared_copy_is_never_written(shared_data, monkeypatch, server, tif_bytes):
    before = (shared_data / TIF_SHARED).stat().st_mtime_ns
    monkeypatch.setenv(datacache.ENV_OFFLINE_DIR, str(shared_data))
    server.put(TIF_REMOTE, tif_bytes)
    _fetch(TIF, refresh=True)  # refresh skips the offline dir and writes the cache only
    assert (shared_data / TIF_SHARED).stat().st_mtime_ns == before
    assert shutil.disk_usage(shared_data)  # folder still there, untouched
