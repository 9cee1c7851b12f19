namespace Clues.Host.Server;

/// <summary>
/// The status page served on <c>GET /</c>: one self-contained HTML file (no CDN) that reads the JSON API every
/// 5 seconds and shows nodes (with why they are not being powered off/on), the request queue, and the reports of
/// spec §11 (node states over time and slots in use, drawn in inline SVG from <c>/reports/cluesdata.json</c>).
/// </summary>
/// <remarks>
/// FIX (spec §14 Q27): CLUES put the secret in every URL. Here the page asks for it once, keeps it in the
/// tab's sessionStorage and sends it as a bearer header, so it never lands in server logs or browser history.
/// A link may carry it in the fragment (<c>/#token=SECRET</c>): browsers never send fragments to the server, and
/// the page removes it from the address bar at once.
/// </remarks>
internal static class StatusPage
{
    public const string Html = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>CLUES status</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; font-size: 0.9em; }
th { background: #eee; }
td.num { text-align: right; }
.idle { background: #e8f5e9; } .used { background: #e3f2fd; } .off { background: #f5f5f5; }
.powon, .powoff { background: #fff8e1; } .error, .on\ \(err\), .off\ \(err\), .unk { background: #ffebee; }
#error { color: #b71c1c; }
svg text { font-size: 11px; fill: #333; }
.legend span { display: inline-block; padding: 0 0.5em; margin-right: 0.3em; font-size: 0.8em; }
</style>
</head>
<body>
<h1>CLUES status</h1>
<form id="login" hidden>
  <label>Secret token <input type="password" id="token" autocomplete="current-password"></label>
  <button type="submit">Show</button>
</form>
<p id="error"></p>
<h2>Nodes</h2>
<table id="nodes"><thead><tr><th>node</th><th>state</th><th>enabled</th><th>since</th><th>slots used/total</th><th>memory used/total</th><th>why</th></tr></thead><tbody></tbody></table>
<h2>Requests</h2>
<table id="requests"><thead><tr><th>id</th><th>state</th><th>tasks</th><th>slots</th><th>memory</th><th>requirements</th><th>job</th><th>why</th></tr></thead><tbody></tbody></table>
<h2>Reports</h2>
<p id="reports-info"></p>
<p class="legend" id="legend"></p>
<svg id="timeline" width="1000" height="20" role="img" aria-label="node states over time"></svg>
<svg id="usage" width="1000" height="140" role="img" aria-label="slots in use over time"></svg>
<script>
"use strict";
const key = "clues-token";
const tokenInFragment = location.hash.match(/(?:^#|&)token=([^&]*)/);
if (tokenInFragment) {
  sessionStorage.setItem(key, decodeURIComponent(tokenInFragment[1]));
  history.replaceState(null, "", location.pathname + location.search);
}
const stateNames = { "-2": "error", "-1": "unk", "0": "idle", "1": "used", "2": "off", "3": "powon", "4": "powoff", "5": "on (err)", "6": "off (err)" };
const stateColors = { "-2": "#b71c1c", "-1": "#9e9e9e", "0": "#66bb6a", "1": "#42a5f5", "2": "#e0e0e0", "3": "#ffca28", "4": "#ffa726", "5": "#ef5350", "6": "#e57373" };
const svgNs = document.getElementById("timeline").namespaceURI;
function svgEl(parent, name, attrs, text) {
  const el = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  parent.appendChild(el);
  return el;
}
function drawReports(data) {
  const hosts = Object.keys(data.hostevents).sort();
  const t0 = data.mintime_avail, t1 = Math.max(data.t, data.maxtime_avail);
  const left = 120, width = 860, rowH = 18, span = Math.max(t1 - t0, 1);
  const x = t => left + (t - t0) / span * width;
  const timeline = document.getElementById("timeline");
  timeline.replaceChildren();
  timeline.setAttribute("height", hosts.length * rowH + 24);
  hosts.forEach((host, i) => {
    const samples = data.hostevents[host];
    svgEl(timeline, "text", { x: 4, y: i * rowH + 13 }, host);
    samples.forEach((s, k) => {
      const end = k + 1 < samples.length ? samples[k + 1].t : t1;
      svgEl(timeline, "rect", { x: x(s.t), y: i * rowH + 2, width: Math.max(x(end) - x(s.t), 1), height: rowH - 4,
        fill: stateColors[s.state] || "#000", "class": "state state-" + s.state, "data-host": host });
    });
  });
  svgEl(timeline, "text", { x: left, y: hosts.length * rowH + 16 }, new Date(t0 * 1000).toISOString());
  svgEl(timeline, "text", { x: left + width, y: hosts.length * rowH + 16, "text-anchor": "end" }, new Date(t1 * 1000).toISOString());
  // Slots in use (all hosts) at every sample time, against the total slots of the hosts that are on.
  const times = hosts.length ? data.hostevents[hosts[0]].map(s => s.t) : [];
  const used = times.map((t, k) => hosts.reduce((a, h) => a + Math.max(0, data.hostevents[h][k].slots_used), 0));
  const total = times.map((t, k) => hosts.reduce((a, h) => a + Math.max(0, data.hostevents[h][k].slots), 0));
  const usage = document.getElementById("usage");
  usage.replaceChildren();
  const top = Math.max(1, ...total), h = 110;
  const y = v => 10 + h - v / top * h;
  svgEl(usage, "text", { x: 4, y: 20 }, "slots used / total");
  svgEl(usage, "line", { x1: left, y1: y(0), x2: left + width, y2: y(0), stroke: "#999" });
  const line = (values, color, cls) => svgEl(usage, "polyline", { fill: "none", stroke: color, "stroke-width": 2, "class": cls,
    points: values.map((v, k) => x(times[k]) + "," + y(v)).concat(values.length ? [x(t1) + "," + y(values[values.length - 1])] : []).join(" ") });
  line(total, "#9e9e9e", "slots-total");
  line(used, "#1565c0", "slots-used");
  document.getElementById("reports-info").textContent = hosts.length + " host(s), " + data.requests.length + " request(s) from "
    + new Date(t0 * 1000).toISOString() + " to " + new Date(t1 * 1000).toISOString();
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const [code, name] of Object.entries(stateNames)) {
    const span = document.createElement("span"); span.textContent = name; span.style.background = stateColors[code]; legend.appendChild(span);
  }
}
async function refreshReports() {
  try { drawReports(await get("reports/cluesdata.json")); }
  catch (e) { document.getElementById("reports-info").textContent = "reports: " + e.message; }
}
function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; }
async function get(path) {
  const r = await fetch(path, { headers: { "Authorization": "Bearer " + (sessionStorage.getItem(key) || "") } });
  if (r.status === 401) { document.getElementById("login").hidden = false; throw new Error("the secret token is needed"); }
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}
function fill(id, items, render) {
  const body = document.querySelector("#" + id + " tbody");
  body.replaceChildren();
  for (const item of items) render(body.insertRow(), item);
}
async function refresh() {
  try {
    const [nodes, requests] = await Promise.all([get("api/nodes"), get("api/requests")]);
    document.getElementById("error").textContent = "";
    document.getElementById("login").hidden = true;
    nodes.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    fill("nodes", nodes, (row, n) => {
      row.className = n.state;
      cell(row, n.name); cell(row, n.state); cell(row, n.enabled ? "yes" : "no");
      cell(row, new Date(n.timestampState * 1000).toISOString());
      cell(row, (n.slotsCount - n.slotsFree) + "/" + n.slotsCount, "num");
      cell(row, (n.memoryTotal - n.memoryFree) + "/" + n.memoryTotal, "num");
      cell(row, n.why || "");
    });
    fill("requests", requests, (row, r) => {
      cell(row, r.id, "num"); cell(row, r.state); cell(row, r.taskCount, "num"); cell(row, r.slots, "num");
      cell(row, r.memory, "num"); cell(row, r.expressions.join(" ; ")); cell(row, r.jobId || ""); cell(row, r.why || "");
    });
  } catch (e) {
    document.getElementById("error").textContent = e.message;
  }
}
document.getElementById("login").addEventListener("submit", ev => {
  ev.preventDefault();
  sessionStorage.setItem(key, document.getElementById("token").value);
  refresh();
  refreshReports();
});
refresh();
refreshReports();
setInterval(refresh, 5000);
setInterval(refreshReports, 30000);
</script>
</body>
</html>
""";
}
