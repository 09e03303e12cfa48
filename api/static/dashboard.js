// The dashboard: a unit (chosen by name, tone-insensitive, or by code) and a period; figures per unit below it.
"use strict";
let rows = [], sortKey = "digitization_rate", sortDesc = true, trail = [], current = null;  // trail: units above, {code, name}
let unitChoices = [], unitBox = null;  // the units in the caller's scope (GET /units), and their search box

const unitLabel = (u) => `${u.name} (${u.code})`;

// The unit the box names: the one picked, a code typed, else the first whose name matches what was typed.
function chosenUnit() {
  const typed = document.getElementById("unit").value.trim();
  const exact = unitChoices.find((u) => unitLabel(u) === typed || u.code.toUpperCase() === typed.toUpperCase());
  if (exact) return exact.code;
  const found = unitBox && typed ? unitBox.matches()[0] : null;
  return found ? found.code : typed;
}

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
  document.querySelectorAll("#units th[data-key]").forEach((th) => th.setAttribute("aria-sort",
    th.dataset.key === sortKey ? (sortDesc ? "descending" : "ascending") : "none"));
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
    e.preventDefault(); if (current) trail.push(current); show(a.dataset.unit);
  }));
}

// The period typed as dd/mm/yyyy, as ISO dates for the API; null (and the reason shown) when a date is wrong.
function period() {
  const error = document.getElementById("error");
  const from = parseVnDate(document.getElementById("from").value), to = parseVnDate(document.getElementById("to").value);
  for (const [id, value] of [["from", from], ["to", to]]) {
    document.getElementById(id).setAttribute("aria-invalid", String(!value));
  }
  if (!from || !to) { error.textContent = "Ngày phải có dạng ngày/tháng/năm, ví dụ 31/12/2025."; return null; }
  if (to < from) { error.textContent = "Ngày kết thúc trước ngày bắt đầu."; return null; }
  error.textContent = "";
  return {from, to};
}

async function show(unit) {
  const known = unitChoices.find((u) => u.code === unit);
  document.getElementById("unit").value = known ? unitLabel(known) : unit;
  const days = period();
  if (!days) return;
  if (!unit) { document.getElementById("error").textContent = "Không có đơn vị nào khớp với tên đã gõ."; return; }
  const params = new URLSearchParams(Object.assign({unit}, days));
  const error = document.getElementById("error");
  let report;
  try { report = await api("/reports/digitization?" + params); } catch (err) { error.textContent = err.message; return; }
  current = report.unit;
  rows = report.children.map((c) => Object.assign(figuresRow(c.unit, c.figures), {drill: true}));
  if (!rows.length || report.own.received.total) rows.push(figuresRow({code: report.unit.code, name: report.unit.name + " (trực tiếp)"}, report.own));
  const s = report.subtree;
  document.getElementById("summary").innerHTML = report.summary ? esc(report.summary) :
    `${esc(report.unit.name)}: tiếp nhận <b>${vnInt(s.received.total)}</b> hồ sơ; số hóa <b>${vnInt(s.digitized)}</b>, đạt <b data-rate>${vnPct(s.digitization_rate)}</b>; tái sử dụng dữ liệu số hóa <b>${vnInt(s.reused)}</b>, đạt <b data-reuse>${vnPct(s.reuse_rate)}</b>.`;
  document.getElementById("crumbs").innerHTML = trail.map((u, i) => `<a href="#" data-back="${i}">${esc(u.name)}</a> › `).join("") +
    `<span aria-current="page">${esc(report.unit.name)}</span>`;
  document.querySelectorAll("#crumbs a").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault(); const back = trail[Number(a.dataset.back)]; trail = trail.slice(0, Number(a.dataset.back)); show(back.code);
  }));
  chart(); table();
}

async function exportXlsx() {
  const days = period();
  if (!days) return;
  const params = new URLSearchParams(Object.assign({unit: chosenUnit()}, days, {format: "xlsx"}));
  const response = await fetch("/reports/digitization?" + params, {credentials: "same-origin"});
  if (!response.ok) { document.getElementById("error").textContent = "Không xuất được tệp Excel."; return; }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `so-hoa-${params.get("unit")}-${params.get("from")}-${params.get("to")}.xlsx`;
  link.click();
}

(async () => {
  const me = await whoAmI();
  // The default period is this year up to today, as the calendar in Việt Nam has it (not the browser's zone).
  const today = vnTodayIso();
  document.getElementById("from").value = vnDate(today.slice(0, 4) + "-01-01");
  document.getElementById("to").value = vnDate(today);
  try { unitChoices = (await api("/units")).items; } catch { /* codes typed still work */ }
  unitBox = combobox(document.getElementById("unit"), document.getElementById("unit-list"),
    unitChoices.map((u) => Object.assign({label: unitLabel(u)}, u)), (u) => { if (u) { trail = []; show(u.code); } });
  document.getElementById("period").addEventListener("submit", (e) => { e.preventDefault(); trail = []; show(chosenUnit()); });
  document.getElementById("export").addEventListener("click", exportXlsx);
  document.querySelectorAll("#units th[data-key] button").forEach((b) => b.addEventListener("click", () => {
    const key = b.parentElement.dataset.key;
    sortDesc = sortKey === key ? !sortDesc : true; sortKey = key; table();
  }));
  show(new URLSearchParams(location.search).get("unit") || me.unit.code);
})();
