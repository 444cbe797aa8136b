"""The report's page templates (Jinja2, autoescaped): inline CSS and JS, no external asset."""

# ruff: noqa: E501  (HTML lines are kept whole for readability)

from __future__ import annotations

BASE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{% endblock %} · {{ data.city }}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1d2329;background:#fafbfc}
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.15em;margin-top:1.6em}
a{color:#0b5cad}table{border-collapse:collapse;width:100%;background:#fff}
th,td{border-bottom:1px solid #dde2e7;padding:.35em .6em;text-align:left;vertical-align:top}
th{background:#eef1f4;cursor:pointer;user-select:none;white-space:nowrap}
tr.ok td:first-child{border-left:6px solid #2e9b4f}tr.warn td:first-child{border-left:6px solid #e0a100}
tr.bad td:first-child{border-left:6px solid #d12f2f}tr.hidden{display:none}
.badge{display:inline-block;padding:0 .5em;border-radius:.7em;font-size:.9em;font-weight:600}
.s-ok,.s-clean,.s-successful,.s-unchanged{background:#d8f3df;color:#17602f}
.s-drift,.s-warn,.s-unknown,.s-changed,.s-running{background:#fff1c2;color:#7a5800}
.s-bad,.s-error,.s-failed,.s-unreachable,.s-refused,.s-interrupted,.s-canceled{background:#fbd5d5;color:#8f1c1c}
.s-none,.s-never,.s-not_in_play,.s-skipped{background:#e6e9ec;color:#4a545e}
pre{background:#f3f5f7;padding:.6em;overflow:auto;border:1px solid #dde2e7}
.del{color:#a11}.add{color:#17602f}.muted{color:#66707a}
.controls{margin:.8em 0;display:flex;gap:1em;flex-wrap:wrap;align-items:center}
input[type=search]{padding:.3em .5em;min-width:18em}
</style></head><body>
{% block body %}{% endblock %}
<p class="muted">Generated {{ data.generated_at }} by provisioner report; no device was contacted.</p>
</body></html>
"""

INDEX = """{% extends "base" %}{% block title %}City status{% endblock %}{% block body %}
<h1>{{ data.city }}: network status</h1>
<p id="totals">{{ data.sites|length }} sites ·
 <span class="badge s-ok">{{ counts.ok }} ok</span> <span class="badge s-warn">{{ counts.warn }} attention</span>
 <span class="badge s-bad">{{ counts.bad }} failing</span></p>
<div class="controls">
 <label>Search <input type="search" id="search" placeholder="site, device, host..."></label>
 <label>Site type <select id="type"><option value="">all</option>
 {% for t in types %}<option value="{{ t }}">{{ t }}</option>{% endfor %}</select></label>
 <span id="shown" class="muted"></span>
</div>
<table id="sites"><thead><tr>
 <th data-key="site">Site</th><th data-key="type">Type</th><th data-key="run">Last rollout</th>
 <th data-key="drift">Drift</th><th data-key="backup">Backup age</th><th data-key="failed">Failed hosts</th>
</tr></thead><tbody>
{% for s in data.sites %}
<tr class="{{ s.health }}" data-type="{{ s.type }}" data-site="{{ s.id }}" data-health="{{ s.health }}"
 data-search="{{ ([s.id, s.name, s.type] + s.devices|map(attribute='name')|list + s.failed_hosts|list)|join(' ')|lower }}">
 <td data-v="{{ s.id }}"><b>{{ s.name }}</b><br><span class="muted">{{ s.id }}</span></td>
 <td data-v="{{ s.type }}">{{ s.type }}</td>
 <td data-v="{{ s.last_run.started_at if s.last_run else '' }}">{% if s.last_run %}
  <a href="runs/run-{{ s.last_run.id }}.html">#{{ s.last_run.id }}</a>
  <span class="badge s-{{ s.rollout }}">{{ s.rollout }}</span>{% if s.rollout != s.last_run.status %} <span class="muted">(run {{ s.last_run.status }})</span>{% endif %}<br>
  <span class="muted">{{ s.last_run.started_at[:16]|replace('T', ' ') }}</span>{% else %}<span class="badge s-none">none</span>{% endif %}</td>
 <td data-v="{{ s.drift }}" class="drift"><span class="badge s-{{ s.drift }}">{{ s.drift }}</span>
  {% if s.drift_since %}<br><span class="muted">since {{ s.drift_since[:16]|replace('T', ' ') }}</span>{% endif %}
  {% for d in s.devices %}<br><a href="devices/{{ d.name|pagename }}" class="dev dev-{{ d.drift }}">{{ d.name }}</a>
  {% if d.drift == 'drift' %}<span class="badge s-drift">drift: {{ d.status.owned }} line(s)</span>{% endif %}{% endfor %}</td>
 <td data-v="{{ s.oldest_backup or '' }}">{% if s.oldest_backup %}{{ age(s.oldest_backup) }}{% else %}<span class="badge s-never">never</span>{% endif %}</td>
 <td data-v="{{ s.failed_hosts|length }}">{% for h in s.failed_hosts %}<span class="badge s-failed">{{ h }}</span> {% endfor %}</td>
</tr>
{% endfor %}
</tbody></table>
<h2>Recent rollouts</h2>
<table><thead><tr><th>Run</th><th>Status</th><th>Started</th><th>Operator</th><th>Playbook</th><th>Sites</th><th>Hosts failed</th></tr></thead><tbody>
{% for r in data.runs %}<tr class="{{ 'ok' if r.summary.status == 'successful' else 'bad' }}">
<td><a href="runs/run-{{ r.summary.id }}.html">#{{ r.summary.id }}</a></td>
<td><span class="badge s-{{ r.summary.status }}">{{ r.summary.status }}</span></td><td>{{ r.summary.started_at[:19] }}</td>
<td>{{ r.summary.operator }}</td><td>{{ r.summary.playbook }}</td><td>{{ r.summary.sites|length }}</td>
<td>{{ r.summary.hosts_failed }}/{{ r.summary.hosts_total }}</td></tr>{% endfor %}
</tbody></table>
<script>
(function () {
  var rows = Array.prototype.slice.call(document.querySelectorAll('#sites tbody tr'));
  var search = document.getElementById('search'), type = document.getElementById('type');
  function apply() {
    var q = search.value.trim().toLowerCase(), t = type.value, shown = 0;
    rows.forEach(function (r) {
      var hide = (t && r.dataset.type !== t) || (q && r.dataset.search.indexOf(q) < 0);
      r.classList.toggle('hidden', !!hide); if (!hide) { shown++; }
    });
    document.getElementById('shown').textContent = shown + ' of ' + rows.length + ' sites shown';
  }
  search.addEventListener('input', apply); type.addEventListener('change', apply);
  document.querySelectorAll('#sites th').forEach(function (th, i) {
    th.addEventListener('click', function () {
      var asc = th.dataset.dir !== 'asc'; th.dataset.dir = asc ? 'asc' : 'desc';
      var body = th.closest('table').tBodies[0];
      rows.sort(function (a, b) {
        var x = a.cells[i].dataset.v, y = b.cells[i].dataset.v;
        return (x < y ? -1 : x > y ? 1 : 0) * (asc ? 1 : -1);
      }).forEach(function (r) { body.appendChild(r); });
    });
  });
  // A link can carry the filter: index.html#type=kita&q=gsp
  var hash = new URLSearchParams(location.hash.slice(1));
  if (hash.get('type')) { type.value = hash.get('type'); }
  if (hash.get('q')) { search.value = hash.get('q'); }
  apply();
})();
</script>
{% endblock %}
"""

RUN = """{% extends "base" %}{% block title %}Run #{{ r.summary.id }}{% endblock %}{% block body %}
<p><a href="../index.html">&larr; city</a></p>
<h1>Run #{{ r.summary.id }} <span class="badge s-{{ r.summary.status }}">{{ r.summary.status }}</span></h1>
<p>{{ r.summary.started_at }} · {{ r.summary.duration_s or 0 }}s · by {{ r.operator.user }} ({{ r.summary.trigger }}) ·
 {{ r.options.playbook }}{% if r.options.check %} · check mode{% endif %} · commit {{ (r.source.commit or '?')[:12] }}</p>
{% if r.summary.message %}<p>{{ r.summary.message }}</p>{% endif %}
<h2>Waves</h2><table><thead><tr><th>#</th><th>Name</th><th>Status</th><th>Sites</th><th>Hosts</th></tr></thead><tbody>
{% for w in r.waves %}<tr class="{{ 'ok' if w.status == 'successful' else 'bad' if w.status == 'failed' else 'warn' }}">
<td>{{ w.plan.index }}</td><td>{{ w.plan.name }}</td><td><span class="badge s-{{ w.status }}">{{ w.status }}</span></td>
<td>{{ w.plan.sites|join(', ') }}</td><td>{{ w.plan.hosts|length }}</td></tr>{% endfor %}</tbody></table>
<h2>Hosts</h2><table><thead><tr><th>Host</th><th>Site</th><th>Wave</th><th>Status</th><th>changed</th><th>failed</th></tr></thead><tbody>
{% for h in r.hosts %}<tr class="{{ 'bad' if h.status in ('failed', 'unreachable') else 'ok' }}"><td>{{ h.host }}</td><td>{{ h.site_id }}</td>
<td>{{ h.wave }}</td><td><span class="badge s-{{ h.status }}">{{ h.status }}</span></td><td>{{ h.counts.changed }}</td><td>{{ h.counts.failed }}</td></tr>{% endfor %}
</tbody></table>
{% if r.failed_tasks %}<h2>Failures</h2>{% for f in r.failed_tasks %}<p><b>{{ f.host }}</b> · {{ f.task }}</p><pre>{{ f.message }}</pre>{% endfor %}{% endif %}
<h2>Changes (masked)</h2>{% for c in r.changes %}<h3>{{ c.host }} · {{ c.task }}</h3>
{% if c.commands %}<pre>{{ c.commands|join('\n') }}</pre>{% endif %}{% if c.diff %}{{ c.diff|colordiff }}{% endif %}
{% else %}<p class="muted">No changes recorded.</p>{% endfor %}
{% endblock %}
"""

DEVICE = """{% extends "base" %}{% block title %}{{ d.name }}{% endblock %}{% block body %}
<p><a href="../index.html">&larr; city</a></p>
<h1>{{ d.name }} <span class="badge s-{{ d.drift }}" id="drift-state">{{ d.drift }}</span></h1>
<p>Site {{ d.site }} · {{ d.role }}{% if d.status and d.status.drift_checked %} · drift checked {{ d.status.drift_checked }}{% endif %}
{% if d.status and d.status.drift_since %} · drifting since {{ d.status.drift_since }}{% endif %}</p>
{% if d.status %}
<h2>Owned lines that differ ({{ d.status.owned }}): what a rollout would push</h2>
{% if d.status.detail.get('commands') %}<pre id="owned">{{ d.status.detail.get('commands')|join('\n') }}</pre>{% else %}<p class="muted">none</p>{% endif %}
{% if d.status.detail.get('error') %}<pre class="del">{{ d.status.detail.get('error') }}</pre>{% endif %}
<h2>Unmanaged lines ({{ d.status.unmanaged }})</h2>
{% if d.status.detail.get('unmanaged') %}<pre>{{ d.status.detail.get('unmanaged')|join('\n') }}</pre>{% else %}<p class="muted">none</p>{% endif %}
<h2>Backup</h2><p>Last backup: {{ d.status.last_backup or 'never' }}{% if d.status.backup_error %}
 · <span class="badge s-error">last attempt failed</span> {{ d.status.backup_error }}{% endif %}</p>
{% else %}<p class="muted">No backup or drift run has recorded this device yet.</p>{% endif %}
<h2>Archive history</h2>
{% if d.revisions %}<table><thead><tr><th>Commit</th><th>Date</th><th>Message</th></tr></thead><tbody>
{% for v in d.revisions %}<tr><td><code>{{ v.sha[:12] }}</code></td><td>{{ v.date }}</td><td>{{ v.subject }}</td></tr>{% endfor %}
</tbody></table>{% else %}<p class="muted">Not in the archive.</p>{% endif %}
{% if d.last_diff %}<h2>Last change in the archive</h2>{{ d.last_diff|colordiff }}{% endif %}
{% endblock %}
"""

TEMPLATES = {"base": BASE, "index": INDEX, "run": RUN, "device": DEVICE}
