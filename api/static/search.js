// One search box over the dossiers the account sees: the list (filtered, a page at a time) and the pages of
// papers whose text matched, each linked to its page in the dossier. The filters live in the address.
"use strict";
const PER_PAGE = 20;
const FILTERS = ["q", "status", "state", "procedure", "unit", "from", "to"];
let page = 1;

function filters() {
  const values = {};
  for (const id of FILTERS) values[id] = document.getElementById(id).value.trim();
  for (const id of ["from", "to"]) {
    if (!values[id]) continue;
    const iso = parseVnDate(values[id]);
    document.getElementById(id).setAttribute("aria-invalid", String(!iso));
    if (!iso) throw new Error("Ngày phải có dạng ngày/tháng/năm, ví dụ 31/12/2025.");
    values[id] = iso;
  }
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v));
}

async function run() {
  const error = document.getElementById("error");
  error.textContent = "";
  let wanted;
  try { wanted = filters(); } catch (err) { error.textContent = err.message; return; }
  history.replaceState(null, "", "?" + new URLSearchParams(Object.assign({}, wanted, page > 1 ? {page} : {})));
  try {
    const [list, hits] = await Promise.all([
      api("/dossiers?" + new URLSearchParams(Object.assign({}, wanted, {page, per_page: PER_PAGE}))),
      wanted.q ? api("/search?" + new URLSearchParams({q: wanted.q})) : Promise.resolve(null)]);
    drawList(list);
    drawHits(hits);
  } catch (err) { error.textContent = err.message; }
}

function drawList(list) {
  const pages = Math.max(1, Math.ceil(list.total / PER_PAGE));
  document.getElementById("total").textContent = `(${vnInt(list.total)} hồ sơ)`;
  document.querySelector("#dossiers tbody").innerHTML = list.items.map((d) => `<tr>
    <td><a href="/ho-so/${d.id}">${esc(d.receipt_code)}</a></td><td>${esc(d.procedure_name || d.procedure_code)}</td>
    <td>${esc(d.unit_name || d.unit_code)}</td><td>${vnDateTime(d.received_at)}</td>
    <td>${esc(DOSSIER_STATUS[d.status] || d.status)}</td><td>${esc(STATE_NAMES[d.verdict_state] || "—")}</td>
    <td class="num">${vnInt(d.attachments)}</td></tr>`).join("") || '<tr><td colspan="7" class="muted">Không có hồ sơ nào khớp.</td></tr>';
  document.getElementById("page-of").textContent = `Trang ${vnInt(page)}/${vnInt(pages)}`;
  document.getElementById("prev").disabled = page <= 1;
  document.getElementById("next").disabled = page >= pages;
}

function drawHits(hits) {
  const card = document.getElementById("hits-card");
  card.hidden = !hits;
  if (!hits) return;
  document.getElementById("hits").innerHTML = hits.items.map((h) => {
    const where = h.attachment_id ? `/ho-so/${h.dossier_id}#att-${h.attachment_id}-p${h.page || 1}` : `/ho-so/${h.dossier_id}`;
    return `<li><a href="${where}">${esc(h.receipt_code)}${h.page ? ` — trang ${h.page}` : ""}</a>
      <span class="snippet">${esc(h.snippet || "")}</span></li>`;
  }).join("") || '<li class="muted">Không có trang nào khớp.</li>';
}

(async () => {
  await whoAmI();
  const procedures = await api("/procedures");
  document.getElementById("procedure").insertAdjacentHTML("beforeend",
    procedures.map((p) => `<option value="${esc(p.code)}">${esc(p.code)} ${esc(p.name)}</option>`).join(""));
  const params = new URLSearchParams(location.search);
  for (const id of FILTERS) {
    const v = params.get(id);
    if (v) document.getElementById(id).value = ["from", "to"].includes(id) ? vnDate(v) : v;
  }
  page = Number(params.get("page")) || 1;
  document.getElementById("search").addEventListener("submit", (e) => { e.preventDefault(); page = 1; run(); });
  document.getElementById("prev").addEventListener("click", () => { page--; run(); });
  document.getElementById("next").addEventListener("click", () => { page++; run(); });
  run();
})();
