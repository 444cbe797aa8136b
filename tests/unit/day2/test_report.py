"""The status report rendered from real records and a real archive, checked in headless chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from provisioner.day2.report import write_report
from provisioner.day2.report_data import gather
from provisioner.netconfig.archive import Archive
from provisioner.records import HostCounts, HostResult, NewRun, Operator, Options, RecordStore, Source, WaveOutcome, WavePlan
from provisioner.records.day2 import Day2Store, DeviceOutcome
from provisioner.records.procinfo import current
from provisioner.registry import Registry, load_registry

ROOT = Path(__file__).resolve().parents[3]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DRIFTED = "gsp-sw-01"


@pytest.fixture
def registry() -> Registry:
    return load_registry(ROOT / "inventories" / "demo" / "registry").require()


def _record_rollout(db: Path, registry: Registry) -> None:
    sites = tuple(e.site.id for e in registry.sites)
    pairs = [(sw.name, e.site.id) for e in registry.sites for sw in e.site.switches]
    plan = WavePlan(index=0, name="all", sites=sites, hosts=tuple(h for h, _ in pairs), host_sites=tuple(s for _, s in pairs))
    store = RecordStore(path=db)
    run_id = store.start_run(run=NewRun(
        operator=Operator(user="alice", os_user="alice", machine="m"), source=Source(commit="abc123"), trigger="cli",
        options=Options(playbook="playbooks/site.yml", sites=sites), process=current(), waves=(plan,), sites=sites,
    ))
    hosts = tuple(HostResult(h, s, 0, "failed" if h == "lmg-sw-core" else "ok", HostCounts(ok=3)) for h, s in pairs)
    store.finish_wave(run_id=run_id, outcome=WaveOutcome(index=0, status="failed", rc=2, runner_status="failed", hosts=hosts))
    store.finish_run(run_id=run_id, status="failed", exit_code=1)
    store.close()


def _record_day2(db: Path, registry: Registry) -> None:
    store = Day2Store(path=db)
    devices = [(sw.name, e.site.id) for e in registry.sites for sw in e.site.switches]
    backups = [DeviceOutcome(host=h, site=s, state="changed") for h, s in devices]
    store.record(kind="backup", started_at="2026-12-01T08:00:00+00:00", seconds=1.0, outcomes=backups, commit="c1")
    for day in ("2026-12-01", "2026-12-02"):
        drift = [
            DeviceOutcome(host=h, site=s, state="drift" if h == DRIFTED else "clean", owned=1 if h == DRIFTED else 0,
                          detail={"commands": ["interface 1", '   name "<Drucker & Co>"'] if h == DRIFTED else [], "unmanaged": []})
            for h, s in devices
        ]
        store.record(kind="drift", started_at=f"{day}T06:00:00+00:00", seconds=1.0, outcomes=drift)
    store.close()


def _chromium(url: str, *args: str, profile: Path) -> str:
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
           f"--user-data-dir={profile}", *args, url]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


@pytest.fixture
def site_dir(tmp_path: Path, registry: Registry) -> Path:
    db = tmp_path / "records.db"
    _record_rollout(db, registry)
    _record_day2(db, registry)
    archive = Archive(tmp_path / "archive")
    with archive.locked():
        archive.write(DRIFTED, "hostname gsp-sw-01\n")
        archive.commit(message="backup 1", devices=[DRIFTED])
        archive.write(DRIFTED, 'hostname gsp-sw-01\ninterface 1\n   name "by hand"\n')
        archive.commit(message="backup 2", devices=[DRIFTED])
    out = tmp_path / "site"
    write_report(data=gather(registry=registry, db=db, archive=archive), out=out)
    return out


def test_pages_are_self_contained_and_escaped(site_dir: Path, registry: Registry) -> None:
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) == 1 + 1 + sum(len(e.site.switches) for e in registry.sites) + len(registry.org.wlan_controllers)
    for page in pages:
        text = page.read_text()
        assert not re.search(r"""(src|href)=["']?(https?:)?//""", text), page
        assert "<link" not in text
    device = (site_dir / "devices" / f"{DRIFTED}.html").read_text()
    assert "&lt;Drucker &amp; Co&gt;" in device
    assert "backup 2" in device
    assert '<span class="add">+   name &#34;by hand&#34;</span>' in device


@pytest.mark.skipif(not os.path.exists(CHROMIUM) and not os.environ.get("PROVISIONER_STRICT_INTEGRATION"), reason="chromium missing")
def test_city_page_in_headless_chromium(site_dir: Path, registry: Registry, tmp_path: Path) -> None:
    index = (site_dir / "index.html").as_uri()
    dom = _chromium(index, "--dump-dom", profile=tmp_path / "profile1")
    rows = re.findall(r'<tr class="(\w+)" data-type="(\w+)" data-site="([^"]+)"', dom)
    assert {site for _, _, site in rows} == {e.site.id for e in registry.sites} | {"(central)"}
    assert "7 of 7 sites shown" in dom  # the inline script ran
    drifted_row = next(m for m in re.finditer(r'<tr class="(\w+)"[^>]*data-site="gs-am-stadtpark".*?</tr>', dom, re.S))
    assert f'class="dev dev-drift">{DRIFTED}</a>' in drifted_row.group(0)
    assert "since 2026-12-01 06:00" in drifted_row.group(0)
    failed = next(m for m in re.finditer(r'<tr class="(\w+)"[^>]*data-site="gym-lise-meitner".*?</tr>', dom, re.S))
    assert failed.group(1) == "bad"
    assert "lmg-sw-core" in failed.group(0)

    kitas = _chromium(index + "#type=kita", "--dump-dom", profile=tmp_path / "profile2")
    visible = re.findall(r'<tr class="(?:ok|warn|bad)" data-type="(\w+)"', kitas)
    assert visible == ["kita"], visible
    assert "1 of 7 sites shown" in kitas

    shot = Path(os.environ.get("PROVISIONER_REPORT_SCREENSHOT") or tmp_path / "city.png")
    _chromium(index, f"--screenshot={shot}", "--window-size=1400,1000", profile=tmp_path / "profile3")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert shot.stat().st_size > 20_000
