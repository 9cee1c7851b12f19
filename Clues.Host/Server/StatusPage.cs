namespace Clues.Host.Server;

/// <summary>
/// The status page served on <c>GET /</c>: one self-contained HTML file (no CDN) that reads the JSON API every
/// 5 seconds and shows a dry run's banner and would-be actions, the node groups against their bounds, nodes (with their
/// group and why they are not being powered off/on), the request queue, and the reports of
/// spec §11 as CLUES' report page shows them: the states graph with request arrivals, each host's state over time,
/// slots and memory in use, a card per host and the request statistics, drawn in inline SVG from
/// <c>/reports/summary.json</c> (<see cref="Clues.Core.Reports.ClusterReportBuilder"/>). Memory is in GiB, times in h:mm.
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
#cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(330px, 1fr)); gap: 1em; margin-bottom: 2em; }
.card { border: 1px solid #ccc; border-radius: 6px; padding: 0.6em 0.8em; }
.card h3 { margin: 0 0 0.3em 0; font-size: 1.1em; }
.card table { margin: 0.4em 0; width: 100%; }
.card p { margin: 0.2em 0; font-size: 0.9em; }
.bars { display: flex; height: 14px; margin: 0.2em 0 0.5em 0; background: #eee; }
.bars div { height: 100%; }
#request-stats { max-width: 700px; }
#dry-run { background: #fff3e0; border: 2px solid #e65100; padding: 0.5em 0.8em; font-weight: bold; }
tr.at-bound td, tr.held td { background: #fff3e0; }
#range input { width: 12em; }
</style>
</head>
<body>
<h1>CLUES status</h1>
<form id="login" hidden>
  <label>Secret token <input type="password" id="token" autocomplete="current-password"></label>
  <button type="submit">Show</button>
</form>
<p id="error"></p>
<div id="dry-run-box" hidden>
<p id="dry-run"></p>
<table id="dry-run-decisions"><thead><tr><th>would power</th><th>node</th><th>for requests</th><th>first decided</th><th>last decided</th><th>still decided</th></tr></thead><tbody></tbody></table>
</div>
<div id="groups-box" hidden>
<h2>Node groups</h2>
<table id="groups"><thead><tr><th>group</th><th>nodes</th><th>on</th><th>booting</th><th>off or other</th><th>MIN_ON</th><th>MAX_ON</th><th>MAX_BOOTING</th><th>bound</th></tr></thead><tbody></tbody></table>
</div>
<h2>Nodes</h2>
<table id="nodes"><thead><tr><th>node</th><th>group</th><th>state</th><th>enabled</th><th>since</th><th>slots used/total</th><th>memory used/total</th><th>why</th></tr></thead><tbody></tbody></table>
<h2>Requests</h2>
<table id="requests"><thead><tr><th>id</th><th>state</th><th>tasks</th><th>slots</th><th>memory</th><th>requirements</th><th>job</th><th>job state</th><th>why</th></tr></thead><tbody></tbody></table>
<h2>Reports</h2>
<form id="range">
  <label>from <input id="range-from" placeholder="first row, or -6h"></label>
  <label>to <input id="range-to" placeholder="now"></label>
  <button type="submit">Report</button>
</form>
<p id="reports-info"></p>
<h3>States</h3>
<p class="legend" id="legend"></p>
<svg id="states" width="1000" height="220" role="img" aria-label="nodes in each state over time, with request arrivals"></svg>
<svg id="timeline" width="1000" height="20" role="img" aria-label="state of each host over time"></svg>
<h3>Slots and memory in use</h3>
<svg id="usage" width="1000" height="140" role="img" aria-label="slots in use over time"></svg>
<svg id="memory" width="1000" height="140" role="img" aria-label="memory in use over time"></svg>
<h3>Hosts</h3>
<div id="cards"></div>
<h3>Requests</h3>
<div id="request-stats"></div>
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
const noData = "no data", noDataColor = "#ffffff";
// Stacked from the bottom: the states that use the cluster first, as CLUES' states graph does.
const stackOrder = ["1", "0", "5", "3", "4", "-2", "6", "-1", "2"];
const colorOf = name => name === noData ? noDataColor : stateColors[Object.keys(stateNames).find(k => stateNames[k] === name)] || "#000";
const svgNs = document.getElementById("timeline").namespaceURI;
function svgEl(parent, name, attrs, text) {
  const el = document.createElementNS(svgNs, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  if (text !== undefined) el.textContent = text;
  parent.appendChild(el);
  return el;
}
// Human units: memory in bytes as KiB..TiB, durations as h:mm (seconds under a minute), shares as %.
function fmtBytes(bytes) {
  if (bytes === null || bytes === undefined || !isFinite(bytes)) return "-";
  const units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
  let v = Math.abs(bytes), u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  const digits = v >= 100 || u === 0 ? 0 : v >= 10 ? 1 : 2;
  return (bytes < 0 ? "-" : "") + String(Number(v.toFixed(digits))) + " " + units[u];
}
function fmtDuration(seconds) {
  if (seconds === null || seconds === undefined || !isFinite(seconds)) return "-";
  if (Math.abs(seconds) < 59.5) return Math.round(seconds) + " s";
  const minutes = Math.round(Math.abs(seconds) / 60);
  return (seconds < 0 ? "-" : "") + Math.floor(minutes / 60) + ":" + String(minutes % 60).padStart(2, "0");
}
const fmtPct = fraction => (fraction * 100).toFixed(1) + " %";
const fmtNum = v => String(Number(v.toFixed(2)));
const fmtTime = t => new Date(t * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
function el(parent, name, text, cls) {
  const e = document.createElement(name);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  parent.appendChild(e);
  return e;
}
function table(parent, header, rows) {
  const t = el(parent, "table");
  const head = t.createTHead().insertRow();
  for (const h of header) el(head, "th", h);
  const body = t.createTBody();
  for (const r of rows) { const row = body.insertRow(); r.forEach((c, i) => cell(row, c, i > 0 ? "num" : "")); }
  return t;
}
const left = 120, width = 860;
function axis(svg, x, t0, t1, y0) {
  svgEl(svg, "text", { x: left, y: y0 }, fmtTime(t0));
  svgEl(svg, "text", { x: left + width, y: y0, "text-anchor": "end" }, fmtTime(t1));
}
// A step-shaped band between two stacked series over the same instants (each value holds until the next instant).
function stackedArea(svg, times, t1, base, upper, x, y, attrs) {
  const edge = [], back = [];
  times.forEach((t, i) => {
    const end = i + 1 < times.length ? times[i + 1] : t1;
    edge.push(x(t) + "," + y(upper[i]), x(end) + "," + y(upper[i]));
    back.unshift(x(end) + "," + y(base[i]), x(t) + "," + y(base[i]));
  });
  return svgEl(svg, "polygon", Object.assign({ points: edge.concat(back).join(" ") }, attrs));
}
function drawStates(report, x) {
  const svg = document.getElementById("states");
  svg.replaceChildren();
  const points = report.timeline, t1 = report.period.to, h = 170, top = 10;
  const total = Math.max(1, ...points.map(p => Object.values(p.nodes).reduce((a, b) => a + b, 0)));
  const y = v => top + h - v / total * h;
  svgEl(svg, "text", { x: 4, y: 20 }, "nodes in each state");
  svgEl(svg, "text", { x: left - 6, y: top + h, "text-anchor": "end" }, "0");
  svgEl(svg, "text", { x: left - 6, y: top + 10, "text-anchor": "end" }, String(total));
  const names = stackOrder.map(code => stateNames[code]).concat([noData]);
  const base = points.map(() => 0);
  for (const name of names) {
    if (!points.some(p => p.nodes[name])) continue;
    const upper = points.map((p, i) => base[i] + (p.nodes[name] || 0));
    stackedArea(svg, points.map(p => p.time), t1, base, upper, x, y, { fill: colorOf(name), stroke: name === noData ? "#bbb" : "none",
      "stroke-dasharray": name === noData ? "3,3" : "", "class": "states-area", "data-state": name });
    upper.forEach((v, i) => base[i] = v);
  }
  // Request arrivals as circles (CLUES draws them on the states graph): height = requests in that second, size = slots asked.
  const arrivals = report.arrivals, most = Math.max(1, ...arrivals.map(a => a.count)), biggest = Math.max(1, ...arrivals.map(a => a.slots));
  for (const a of arrivals) {
    svgEl(svg, "circle", { cx: x(a.time), cy: top + h - a.count / most * (h - 10), r: 3 + 6 * Math.sqrt(a.slots / biggest),
      fill: "rgba(255,255,255,0.6)", stroke: "#e65100", "stroke-width": 1.5, "class": "arrival" },);
  }
  svgEl(svg, "line", { x1: left, y1: y(0), x2: left + width, y2: y(0), stroke: "#999" });
  axis(svg, x, report.period.from, t1, top + h + 20);
}
function drawTimeline(report, x) {
  const svg = document.getElementById("timeline"), rowH = 18;
  svg.replaceChildren();
  svg.setAttribute("height", report.hosts.length * rowH + 24);
  report.hosts.forEach((host, i) => {
    svgEl(svg, "text", { x: 4, y: i * rowH + 13 }, host.name);
    for (const s of host.segments) {
      const code = s.state === null ? "nodata" : String(s.state);
      svgEl(svg, "rect", { x: x(s.start), y: i * rowH + 2, width: Math.max(x(s.end) - x(s.start), 1), height: rowH - 4,
        fill: s.state === null ? noDataColor : stateColors[code] || "#000", stroke: s.state === null ? "#bbb" : "none",
        "stroke-dasharray": "3,3", "class": "state state-" + code, "data-host": host.name });
    }
  });
  axis(svg, x, report.period.from, report.period.to, report.hosts.length * rowH + 16);
}
// What each host had in use, stacked (as CLUES' slots and memory graphs), under the line of what the nodes on had.
function drawUsage(id, report, x, label, on, used, fmt) {
  const svg = document.getElementById(id), points = report.timeline, h = 110, t1 = report.period.to;
  svg.replaceChildren();
  const top = Math.max(1, ...points.map(on), ...points.map(used));
  const y = v => 10 + h - v / top * h;
  svgEl(svg, "text", { x: 4, y: 20 }, label);
  svgEl(svg, "text", { x: 4, y: 36 }, "max " + fmt(top));
  const times = points.map(p => p.time);
  const base = times.map(() => 0);
  report.hosts.forEach((host, n) => {
    let k = -1;
    const values = times.map(t => { while (k + 1 < host.usage.length && host.usage[k + 1].time <= t) k++; return k < 0 ? 0 : used(host.usage[k]); });
    if (!values.some(v => v > 0)) return;
    const upper = values.map((v, i) => base[i] + v);
    stackedArea(svg, times, t1, base, upper, x, y, { fill: "hsl(" + Math.round(n * 137.5 % 360) + ",55%,65%)", stroke: "none",
      "class": id + "-host", "data-host": host.name }).appendChild(document.createElementNS(svgNs, "title")).textContent = label.split(" ")[0] + " used on " + host.name;
    upper.forEach((v, i) => base[i] = v);
  });
  svgEl(svg, "line", { x1: left, y1: y(0), x2: left + width, y2: y(0), stroke: "#999" });
  const line = (value, color, cls) => svgEl(svg, "polyline", { fill: "none", stroke: color, "stroke-width": 2, "class": cls,
    points: points.flatMap((p, i) => [x(p.time) + "," + y(value(p)), x(i + 1 < points.length ? points[i + 1].time : t1) + "," + y(value(p))]).join(" ") });
  line(on, "#757575", id + "-on");
  line(used, "#1565c0", id + "-used");
}
function drawCards(report) {
  const cards = document.getElementById("cards");
  cards.replaceChildren();
  for (const host of report.hosts) {
    const card = el(cards, "div", undefined, "card host-card");
    card.dataset.host = host.name;
    el(card, "h3", host.name);
    el(card, "p", "powered on " + host.powerOns + " time(s); on " + fmtDuration(host.onSeconds)
      + (host.observedSeconds > 0 ? " (" + fmtPct(host.onSeconds / host.observedSeconds) + ")" : "") + " of " + fmtDuration(host.observedSeconds) + " observed"
      + (host.noDataSeconds > 0 ? "; no data for the first " + fmtDuration(host.noDataSeconds) : ""));
    const usage = (what, u, fmt) => el(card, "p", what + ": mean " + fmt(u.meanUsed) + " of " + fmt(u.capacity)
      + ", while on " + (u.meanUsedWhileOn === null ? "-" : fmt(u.meanUsedWhileOn)) + ", peak " + fmt(u.peakUsed));
    const bars = (u, what) => {
      const on = u.bandSeconds.reduce((a, b) => a + b, 0), box = el(card, "div", undefined, "bars");
      const labels = ["none", "up to 25 %", "up to 50 %", "up to 75 %", "up to 100 %"], colors = ["#eeeeee", "#bbdefb", "#64b5f6", "#1e88e5", "#0d47a1"];
      u.bandSeconds.forEach((s, i) => { if (s > 0) { const d = el(box, "div"); d.style.width = (100 * s / on) + "%"; d.style.background = colors[i]; d.title = what + " in use " + labels[i] + ": " + fmtDuration(s); } });
    };
    usage("slots used", host.slots, fmtNum); bars(host.slots, "slots");
    usage("memory used", host.memory, fmtBytes); bars(host.memory, "memory");
    table(card, ["state", "time", "share", "while on", "visits", "mean / visit"],
      host.states.filter(s => s.visits > 0 || s.seconds > 0).map(s => [s.name, fmtDuration(s.seconds), fmtPct(s.shareOfObserved),
        s.shareWhileOn === null ? "" : fmtPct(s.shareWhileOn), String(s.visits), fmtDuration(s.meanSeconds)]));
  }
}
function drawRequestStats(report) {
  const box = document.getElementById("request-stats"), r = report.requests;
  box.replaceChildren();
  el(box, "p", r.count + " request(s)" + (r.arrivalsPerHour === null ? "" : ", " + fmtNum(r.arrivalsPerHour) + " per hour"));
  if (r.count === 0) return;
  table(box, ["outcome", "count", "share"], r.outcomes.map(o => [o.name, String(o.count), fmtPct(o.share)])).id = "request-outcomes";
  const stats = (s, fmt) => s === null ? ["-", "-", "-"] : [fmt(s.mean), fmt(s.min), fmt(s.max)];
  table(box, ["", "mean", "min", "max"], [
    ["time to be served"].concat(stats(r.timeToServe, fmtDuration)),
    ["time in CLUES"].concat(stats(r.timeInClues, fmtDuration)),
    ["slots per task"].concat(stats(r.slots, fmtNum)),
    ["memory per task"].concat(stats(r.memory, fmtBytes)),
    ["tasks"].concat(stats(r.tasks, fmtNum))]).id = "request-times";
}
function drawReports(report) {
  const t0 = report.period.from, t1 = report.period.to, span = Math.max(t1 - t0, 1);
  const x = t => left + (t - t0) / span * width;
  drawStates(report, x);
  drawTimeline(report, x);
  drawUsage("usage", report, x, "slots used per host / on", p => p.slotsOn, p => p.slotsUsed, fmtNum);
  drawUsage("memory", report, x, "memory used per host / on", p => p.memoryOn, p => p.memoryUsed, fmtBytes);
  drawCards(report);
  drawRequestStats(report);
  document.getElementById("reports-info").textContent = report.hosts.length + " host(s), " + report.requests.count + " request(s) from "
    + fmtTime(t0) + " to " + fmtTime(t1) + " (" + fmtDuration(t1 - t0) + ")";
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  for (const code of stackOrder) el(legend, "span", stateNames[code]).style.background = stateColors[code];
  el(legend, "span", noData).style.border = "1px dashed #bbb";
  el(legend, "span", "\u25cb request arrivals").style.color = "#e65100";
}
async function refreshReports() {
  const query = new URLSearchParams();
  for (const [param, id] of [["from", "range-from"], ["to", "range-to"]]) {
    const v = document.getElementById(id).value.trim();
    if (v) query.set(param, v);
  }
  try {
    const r = await fetch("reports/summary.json" + (query.size ? "?" + query : ""), { headers: { "Authorization": "Bearer " + (sessionStorage.getItem(key) || "") } });
    if (r.status === 401) { document.getElementById("login").hidden = false; throw new Error("the secret token is needed"); }
    if (!r.ok) throw new Error(await r.text());
    drawReports(await r.json());
  }
  catch (e) { document.getElementById("reports-info").textContent = "reports: " + e.message; }
}
document.getElementById("range").addEventListener("submit", ev => { ev.preventDefault(); refreshReports(); });
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
    const [nodes, requests, status, groups] = await Promise.all([get("api/nodes"), get("api/requests"), get("api/status"), get("api/groups")]);
    document.getElementById("error").textContent = "";
    document.getElementById("login").hidden = true;
    showDryRun(status);
    showGroups(groups);
    nodes.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    fill("nodes", nodes, (row, n) => {
      row.className = n.state;
      cell(row, n.name); cell(row, n.group || ""); cell(row, n.quarantined ? n.state + " (quarantined)" : n.state); cell(row, n.enabled ? "yes" : "no");
      cell(row, new Date(n.timestampState * 1000).toISOString());
      cell(row, fmtNum(n.slotsCount - n.slotsFree) + " / " + fmtNum(n.slotsCount), "num");
      // CLUES uses -1 for "not known" (a node restored without data, an LRMS that reports no memory).
      cell(row, n.memoryTotal < 0 ? "-" : fmtBytes(n.memoryTotal - n.memoryFree) + " / " + fmtBytes(n.memoryTotal), "num");
      cell(row, n.why || "");
    });
    fill("requests", requests, (row, r) => {
      // Held back by a group's bound or by the dry run: the reason is in the last column.
      if (r.why && /^(group-limit|dry-run):/.test(r.why)) row.className = "held";
      cell(row, r.id, "num"); cell(row, r.state); cell(row, r.taskCount, "num"); cell(row, fmtNum(r.slots), "num");
      cell(row, fmtBytes(r.memory), "num"); cell(row, r.expressions.join(" ; ")); cell(row, r.jobId || "");
      // The job's own state beside the request's: a request "not-served" whose job is "done" was not lost.
      cell(row, r.job ? r.job.state + (r.job.nodes.length ? " on " + r.job.nodes.join(", ") : "") : (r.jobId ? "not reported by the LRMS" : ""));
      cell(row, r.why || "");
    });
  } catch (e) {
    document.getElementById("error").textContent = e.message;
  }
}
// Operator and LRMS text (node, group names) only ever goes in through textContent, never as markup.
function showDryRun(status) {
  document.getElementById("dry-run-box").hidden = !status.dryRun;
  if (!status.dryRun) return;
  document.getElementById("dry-run").textContent = "dry run: no power command is run. CLUES monitors, schedules and explains as usual "
    + "and logs what it would do ([general] DRY_RUN or clues-host run --dry-run); so far it would have powered on "
    + status.wouldPowerOn + " and powered off " + status.wouldPowerOff + " node(s).";
  fill("dry-run-decisions", status.dryRunDecisions, (row, d) => {
    cell(row, d.action); cell(row, d.node); cell(row, d.requests.join(", "));
    cell(row, fmtTime(d.since)); cell(row, fmtTime(d.lastDecided)); cell(row, d.current ? "yes" : "no");
  });
}
function showGroups(groups) {
  document.getElementById("groups-box").hidden = groups.length === 0;
  const cap = c => c > 0 ? String(c) : "-";
  fill("groups", groups, (row, g) => {
    const atMax = g.maxOn > 0 && g.on + g.booting >= g.maxOn, atBooting = g.maxBooting > 0 && g.booting >= g.maxBooting;
    const belowMin = g.on + g.booting < Math.min(g.minOn, g.nodes);
    if (atMax || atBooting || belowMin) row.className = "at-bound";
    cell(row, g.name); cell(row, g.nodes, "num"); cell(row, g.on, "num"); cell(row, g.booting, "num");
    cell(row, g.nodes - g.on - g.booting, "num"); cell(row, g.minOn, "num"); cell(row, cap(g.maxOn), "num");
    cell(row, cap(g.maxBooting), "num");
    cell(row, [atMax ? "at MAX_ON" : "", atBooting ? "at MAX_BOOTING" : "", belowMin ? "below MIN_ON" : ""].filter(x => x).join(", "));
  });
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
