"use strict";
// The archive audit page: GET /audit/dossiers for the chosen unit, period and problem; labels come with the data.
const $ = (id) => document.getElementById(id);

// The period is typed dd/mm/yyyy (whatever the browser's language) and sent as ISO.
function query(extra = {}) {
  const [from, to] = [parseVnDate($("from").value), parseVnDate($("to").value)];
  $("from").setAttribute("aria-invalid", String(!from));
  $("to").setAttribute("aria-invalid", String(!to));
  if (!from || !to) throw new Error("Ngày phải có dạng ngày/tháng/năm, ví dụ 31/12/2025.");
  const params = {unit: $("unit").value, from, to, ...extra};
  if ($("problem").value) params.problem = $("problem").value;
  return new URLSearchParams(params);
}

function render(audit) {
  const label = (code) => audit.labels[code].vi;
  const names = Object.fromEntries(audit.units.map((u) => [u.unit, u.name]));
  const procedure = (code) => audit.procedures[code] ? `${audit.procedures[code]} (${code})` : code;
  $("summary").innerHTML = `${esc(audit.unit.name)}: <b>${vnInt(audit.items.length)}</b> / ${vnInt(audit.dossiers)}
    hồ sơ tiếp nhận từ ${vnDate(audit.from)} đến ${vnDate(audit.to)} chưa đầy đủ` +
    (audit.problem ? ` (vấn đề: ${esc(label(audit.problem))})` : "") + ".";
  document.querySelector("#totals tbody").innerHTML = Object.entries(audit.totals).map(([code, n]) =>
    `<tr><td>${esc(label(code))}</td><td class="num">${vnInt(n)}</td></tr>`).join("");
  document.querySelector("#units tbody").innerHTML = audit.units.map((u) =>
    `<tr><td>${esc(u.name)} <span class="muted small">${esc(u.unit)}</span></td><td class="num">${vnInt(u.dossiers)}</td>
      <td class="num">${vnInt(u.listed)}</td></tr>`).join("");
  document.querySelector("#items tbody").innerHTML = audit.items.map((item, i) => `<tr>
    <td class="num">${vnInt(i + 1)}</td><td><a href="/ho-so/${item.dossier_id}">${esc(item.receipt_code)}</a></td>
    <td>${esc(names[item.unit] || item.unit)}</td><td>${esc(procedure(item.procedure_code))}</td>
    <td>${vnDate(item.received_on)}</td><td>${item.problems.map((c) => esc(label(c))).join("<br>")}</td></tr>`).join("");
}

async function show() {
  $("error").textContent = "";
  try { render(await api("/audit/dossiers?" + query())); } catch (err) { $("error").textContent = err.message; }
}

async function exportXlsx() {
  let params;
  try { params = query({format: "xlsx"}); } catch (err) { $("error").textContent = err.message; return; }
  const response = await fetch("/audit/dossiers?" + params, {credentials: "same-origin"});
  if (!response.ok) { $("error").textContent = "Không tải được phụ lục Excel."; return; }
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = `kiem-tra-luu-tru-${params.get("unit")}-${params.get("from")}-${params.get("to")}.xlsx`;
  link.click();
}

(async () => {
  const me = await whoAmI();
  const today = vnTodayIso();  // this year up to today, in Việt Nam's calendar
  $("from").value = vnDate(today.slice(0, 4) + "-01-01");
  $("to").value = vnDate(today);
  $("unit").value = new URLSearchParams(location.search).get("unit") || me.unit.code;
  $("audit-form").addEventListener("submit", (e) => { e.preventDefault(); show(); });
  $("export").addEventListener("click", exportXlsx);
  show();
})();
