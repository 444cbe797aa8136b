"""`provisioner report --out DIR`: a static, self-contained HTML site (city, runs, devices).

Everything is escaped by Jinja2's autoescape; every text in the records and the archive was
masked before it was stored. The pages link to each other with relative paths, so the folder
opens from disk and can be published as a CI artifact.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from provisioner.day2.report_data import ReportData, age
from provisioner.day2.report_pages import TEMPLATES


def page_name(device: str) -> str:
    """devices/<name>.html (the name made file-safe)."""
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in device).lstrip(".") + ".html"


def color_diff(text: str) -> Markup:
    """A unified diff as <pre>, removed lines red, added lines green (all escaped)."""
    lines = []
    for line in text.splitlines():
        css = _diff_class(line)
        lines.append(Markup('<span class="{}">{}</span>').format(css, line) if css else escape(line))
    return Markup('<pre class="diff">') + Markup("\n").join(lines) + Markup("</pre>")


def _diff_class(line: str) -> str:
    if line.startswith("+") and not line.startswith("+++"):
        return "add"
    return "del" if line.startswith("-") and not line.startswith("---") else ""


def _environment(data: ReportData) -> Any:
    import jinja2

    env = jinja2.Environment(loader=jinja2.DictLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters.update(pagename=page_name, colordiff=color_diff)
    env.globals.update(data=data, age=lambda stamp: age(stamp, now=data.generated_at))
    return env


def write_report(*, data: ReportData, out: Path) -> list[Path]:
    """Write index.html, runs/run-<id>.html and devices/<name>.html; returns the files written."""
    env = _environment(data)
    counts = {h: sum(1 for s in data.sites if s.health == h) for h in ("ok", "warn", "bad")}
    types = sorted({s.type for s in data.sites})
    pages: dict[Path, str] = {out / "index.html": env.get_template("index").render(counts=counts, types=types)}
    for run in data.runs:
        pages[out / "runs" / f"run-{run.summary.id}.html"] = env.get_template("run").render(r=run)
    for site in data.sites:
        for device in site.devices:
            pages[out / "devices" / page_name(device.name)] = env.get_template("device").render(d=device)
    for path, html in pages.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)
    return list(pages)
