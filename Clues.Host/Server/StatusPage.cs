namespace Clues.Host.Server;

/// <summary>
/// The status page served on <c>GET /</c>: one self-contained HTML file (no CDN) that reads the JSON API every
/// 5 seconds and shows nodes (with why they are not being powered off/on) and the request queue.
/// </summary>
/// <remarks>
/// FIX (spec §14 Q27): CLUES put the secret in every URL. Here the page asks for it once, keeps it in the
/// tab's sessionStorage and sends it as a bearer header, so it never lands in server logs or browser history.
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
<script>
"use strict";
const key = "clues-token";
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
});
refresh();
setInterval(refresh, 5000);
</script>
</body>
</html>
""";
}
