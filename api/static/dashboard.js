"use strict";
let rows = [], sortKey = "digitization_rate", sortDesc = true, trail = [];

function figuresRow(unit, f) {
  return {code: unit.code, name: unit.name, received: f.received.total, resolved: f.resolved ? f.resolved.total : null,
    digitized: f.digitized, digitization_rate: f.digitization_rate, on_time_rate: f.on_time_rate ?? null,
    online_rate: f.online_rate ?? null, reused: f.reused ?? 0, reuse_rate: f.reuse_rate ?? null};
}

function chart() {
  // Plain SVG bars: no chart library to load at a counter with a slow line.
  const width = 900, barH = 22, gap = 6, left = 220, scale = (width - left - 60) / 100;
  const height = rows.length * (barH + gap) + 30;
  const bars = rows.map((r, i) => {
    const y = i * (barH + gap), rate = r.digitization_rate ?? 0;
    return `<text x="${left - 8}" y="${y + 16}" text-anchor="end">${esc(r.name)}</text>
      <rect x="${left}" y="${y}" width="${rate * scale}" height="${barH}" class="${rate >= 80 ? "bar-ok" : "bar"}"></rect>
      <text x="${left + rate * scale + 6}" y="${y + 16}">${vnPct(r.digitization_rate)}</text>`;
  }).join("");
  const line = left + 80 * scale;
  document.getElementById("chart").innerHTML = `<svg viewBox="0 0 ${width} ${height}" role="img"
    aria-label="Tỷ lệ số hóa theo đơn vị">${bars}<line x1="${line}" x2="${line}" y1="0" y2="${height - 20}" class="target"></line>
    <text x="${line + 4}" y="${height - 6}" class="target-label">80%</text></svg>`;
}

function table() {
  const sorted = [...rows].sort((a, b) => {
    const x = a[sortKey] ?? -1, y = b[sortKey] ?? -1;
    return (typeof x === "string" ? x.localeCompare(y, "vi") : x - y) * (sortDesc ? -1 : 1);
  });
  document.querySelector("#units tbody").innerHTML = sorted.map((r) => `<tr>
    <td>${r.drill ? `<a href="#" data-unit="${esc(r.code)}">${esc(r.name)}</a>` : esc(r.name)}</td>
    <td class="num">${vnInt(r.received)}</td><td class="num">${r.resolved === null ? "—" : vnInt(r.resolved)}</td>
    <td class="num">${vnInt(r.digitized)}</td><td class="num">${vnPct(r.digitization_rate)}</td>
    <td class="num">${vnPct(r.on_time_rate)}</td><td class="num">${vnPct(r.online_rate)}</td>
    <td class="num">${vnInt(r.reused)}</td><td class="num">${vnPct(r.reuse_rate)}</td></tr>`).join("");
  document.querySelectorAll("#units a[data-unit]").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault(); trail.push(document.getElementById("unit").value); show(a.dataset.unit);
  }));
}

async function show(unit) {
  document.getElementById("unit").value = unit;
  const params = new URLSearchParams({unit, from: document.getElementById("from").value, to: document.getElementById("to").value});
  const error = document.getElementById("error");
  error.textContent = "";
  let report;
  try { report = await api("/reports/digitization?" + params); } catch (err) { error.textContent = err.message; return; }
  rows = report.children.map((c) => Object.assign(figuresRow(c.unit, c.figures), {drill: true}));
  if (!rows.length || report.own.received.total) rows.push(figuresRow({code: report.unit.code, name: report.unit.name + " (trực tiếp)"}, report.own));
  const s = report.subtree;
  document.getElementById("summary").innerHTML = report.summary ? esc(report.summary) :
    `${esc(report.unit.name)}: tiếp nhận <b>${vnInt(s.received.total)}</b> hồ sơ; số hóa <b>${vnInt(s.digitized)}</b>, đạt <b data-rate>${vnPct(s.digitization_rate)}</b>; tái sử dụng dữ liệu số hóa <b>${vnInt(s.reused)}</b>, đạt <b data-reuse>${vnPct(s.reuse_rate)}</b>.`;
  document.getElementById("crumbs").innerHTML = trail.map((u) => `<a href="#" data-back="${esc(u)}">${esc(u)}</a> › `).join("") + esc(report.unit.name);
  document.querySelectorAll("#crumbs a").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault(); trail = trail.slice(0, trail.indexOf(a.dataset.back)); show(a.dataset.back);
  }));
  chart(); table();
}

async function exportXlsx() {
  const params = new URLSearchParams({unit: document.getElementById("unit").value, from: document.getElementById("from").value,
    to: document.getElementById("to").value, format: "xlsx"});
  const response = await fetch("/reports/digitization?" + params, {headers: {Authorization: "Bearer " + token()}});
  if (!response.ok) { document.getElementById("error").textContent = "Không xuất được tệp Excel."; return; }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `so-hoa-${params.get("unit")}-${params.get("from")}-${params.get("to")}.xlsx`;
  link.click();
}

(async () => {
  const me = await whoAmI();
  if (!me) return;
  const today = new Date(), iso = (d) => d.toISOString().slice(0, 10);
  document.getElementById("from").value = iso(new Date(today.getFullYear(), 0, 1));
  document.getElementById("to").value = iso(today);
  document.getElementById("period").addEventListener("submit", (e) => { e.preventDefault(); trail = []; show(document.getElementById("unit").value); });
  document.getElementById("export").addEventListener("click", exportXlsx);
  document.querySelectorAll("#units th[data-key]").forEach((th) => th.addEventListener("click", () => {
    sortDesc = sortKey === th.dataset.key ? !sortDesc : true; sortKey = th.dataset.key; table();
  }));
  show(new URLSearchParams(location.search).get("unit") || me.unit.code);
})();
