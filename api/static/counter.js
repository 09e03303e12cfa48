// The counter: scan (or type) a receipt code and Enter to open the dossier it names, or open a new one for the
// procedure chosen; the dossier's own page (/ho-so/{id}) takes the files from there.
"use strict";
let procedure = null, me = null;

function showComponents() {
  document.getElementById("components").textContent = procedure ?
    "Thành phần: " + procedure.components.filter((c) => c.required).map((c) => c.name).join("; ") : "";
}

const sameCode = (a, b) => a.trim().toUpperCase() === b.trim().toUpperCase();
const goTo = (d) => { location.href = "/ho-so/" + d.id; };

// A scanned code: the dossier of the unit it names if there is one, else a new dossier with it (which needs a
// procedure). Another unit's code is refused by the API without saying whether it exists.
async function scanned(code) {
  const error = document.getElementById("form-error");
  error.textContent = "";
  try {
    const found = listed(await api("/dossiers?" + new URLSearchParams({q: code, per_page: 5})))
      .find((d) => sameCode(d.receipt_code, code));
    if (found) { goTo(found); return; }
  } catch (err) { error.textContent = err.message; return; }
  if (!procedure) {
    error.textContent = `Chưa có hồ sơ mã ${code}. Chọn thủ tục rồi bấm “Mở hồ sơ mới” để tiếp nhận hồ sơ mới với mã này.`;
    document.getElementById("procedure-search").focus();
    return;
  }
  openNew(code);
}

async function openNew(code) {
  const error = document.getElementById("form-error");
  error.textContent = "";
  if (!procedure) { error.textContent = "Hãy chọn một thủ tục trong danh sách."; document.getElementById("procedure-search").focus(); return; }
  const body = {unit_code: me.unit.code, procedure_code: procedure.code};
  if (code) body.receipt_code = code;
  try {
    goTo(await api("/dossiers", {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)}));
  } catch (err) { error.textContent = err.message; }
}

// GET /dossiers answers {items, total}.
const listed = (answer) => Array.isArray(answer) ? answer : answer.items;

async function loadRecent() {
  const rows = listed(await api("/dossiers?per_page=10"));
  document.querySelector("#recent tbody").innerHTML = rows.map((d) => `<tr><td><a href="/ho-so/${d.id}">${esc(d.receipt_code)}</a></td>
    <td>${esc(d.procedure_name || d.procedure_code)}</td><td>${vnDateTime(d.received_at)}</td>
    <td>${esc(STATE_NAMES[d.verdict_state] || (d.complete ? "Đủ thành phần" : "—"))}</td><td class="num">${vnInt(d.attachments)}</td></tr>`).join("")
    || '<tr><td colspan="5" class="muted">Chưa có hồ sơ nào.</td></tr>';
}

// Handlers first, so a code scanned while the page still loads is not lost; they wait for the account.
const ready = (async () => {
  me = await whoAmI();
  const procedures = await api("/procedures");
  combobox(document.getElementById("procedure-search"), document.getElementById("procedure-list"),
    procedures.map((p) => Object.assign({label: `${p.code} ${p.name}`}, p)),
    (p) => { procedure = p; showComponents(); if (p) document.getElementById("open").focus(); });
  loadRecent();
})();
const receipt = document.getElementById("receipt");
// Enter in the receipt field opens the scanned or typed code; an empty one does nothing (a stray Enter must not
// open a dossier): a new code is given only by the button.
receipt.addEventListener("keydown", async (e) => {
  if (e.key !== "Enter") return;
  e.preventDefault();
  const code = receipt.value.trim();
  if (code) { await ready; scanned(code); }
});
document.getElementById("new-dossier").addEventListener("submit", async (e) => {
  e.preventDefault();
  await ready;
  openNew(receipt.value.trim());
});
