"use strict";
let procedures = [], procedure = null, dossier = null, me = null;

function showComponents() {
  document.getElementById("components").textContent = procedure ?
    "Thành phần: " + procedure.components.filter((c) => c.required).map((c) => c.name).join("; ") : "";
}

async function openDossier(receipt) {
  const error = document.getElementById("form-error");
  error.textContent = "";
  if (!procedure) { error.textContent = "Hãy chọn một thủ tục trong danh sách."; return; }
  const body = {unit_code: me.unit.code, procedure_code: procedure.code};
  if (receipt) body.receipt_code = receipt;
  try {
    dossier = await api("/dossiers", {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body)});
  } catch (err) { error.textContent = err.message; return; }
  document.getElementById("upload").hidden = false;
  document.getElementById("receipt-code").textContent = dossier.receipt_code;
  document.getElementById("dossier-link").href = "/ho-so/" + dossier.id;
  render();
  loadRecent();
}

function upload(files) {
  if (!dossier || !files.length) return;
  const form = new FormData();
  for (const f of files) form.append("files", f, f.name);
  const bar = document.getElementById("progress"), error = document.getElementById("upload-error");
  bar.hidden = false; error.textContent = "";
  const xhr = new XMLHttpRequest();  // fetch cannot report upload progress
  xhr.open("POST", `/dossiers/${dossier.id}/attachments`);
  Object.entries(csrfHeaders("POST")).forEach(([k, v]) => xhr.setRequestHeader(k, v));
  xhr.upload.onprogress = (e) => { if (e.lengthComputable) bar.firstElementChild.style.width = (100 * e.loaded / e.total) + "%"; };
  xhr.onload = () => {
    bar.hidden = true;
    const body = JSON.parse(xhr.responseText || "{}");
    if (refusedSession(xhr.status, body)) { toSignIn(); return; }
    if (xhr.status >= 400) { error.textContent = body.error ? body.error.vi : xhr.statusText; return; }
    poll();  // the scan-quality answer is on each attachment (checked at upload, or by the worker when busy)
  };
  xhr.send(form);
}

let polling = null;
function qualityText(items) {
  if (items === null || items === undefined) return '<span class="muted">đang kiểm tra…</span>';
  if (!items.length) return '<span class="ok">Tốt</span>';
  return items.map((q) => `<span class="warn">${esc(q.vi || q.message || q.code)}</span>`).join("<br>");
}

async function render() {
  const d = await api(`/dossiers/${dossier.id}`);
  const rows = d.attachments.map((a) => {
    const fields = Object.entries(a.fields).filter(([k]) => k in FIELD_NAMES).slice(0, 4)
      .map(([k, f]) => `${FIELD_NAMES[k]}: <b>${esc(vnDate(fieldValue(f)))}</b>`).join("<br>");
    return `<tr data-status="${a.status}"><td>${esc(a.filename)}</td><td>${qualityText(a.quality)}</td>
      <td class="status-${a.status}">${STATUS_NAMES[a.status] || a.status}</td>
      <td>${a.doc_type ? esc(DOC_NAMES[a.doc_type] || a.doc_type) : ""}</td><td>${fields}</td></tr>`;
  });
  document.querySelector("#attachments tbody").innerHTML = rows.join("");
  document.getElementById("verdict").innerHTML = d.attachments.length ? verdictHtml(d.verdict) : "";
  return d;
}

async function poll() {
  clearTimeout(polling);
  const d = await render();
  if (d.attachments.some((a) => !["done", "failed"].includes(a.status))) polling = setTimeout(poll, 1000);
  else loadRecent();
}

async function loadRecent() {
  const rows = await api("/dossiers?limit=10");
  document.querySelector("#recent tbody").innerHTML = rows.map((d) => `<tr><td><a href="/ho-so/${d.id}">${esc(d.receipt_code)}</a></td>
    <td>${esc(d.procedure_code)}</td><td>${vnDateTime(d.received_at)}</td><td class="num">${d.attachments}</td>
    <td>${d.complete ? "✓" : "—"}</td></tr>`).join("");
}

function pickFiles() { document.getElementById("files").click(); }

(async () => {
  me = await whoAmI();
  procedures = await api("/procedures");
  combobox(document.getElementById("procedure-search"), document.getElementById("procedure-list"),
    procedures.map((p) => Object.assign({label: `${p.code} ${p.name}`}, p)),
    (p) => { procedure = p; showComponents(); if (p) document.getElementById("receipt").focus(); });
  const form = document.getElementById("new-dossier"), receipt = document.getElementById("receipt");
  // Enter in the receipt field opens the scanned or typed code; an empty one does nothing (a stray Enter must not
  // open a dossier): a new code is given only by the button.
  receipt.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (receipt.value.trim()) openDossier(receipt.value.trim());
  });
  form.addEventListener("submit", (e) => { e.preventDefault(); openDossier(receipt.value.trim()); });
  const drop = document.getElementById("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files); });
  drop.addEventListener("click", pickFiles);
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pickFiles(); } });
  document.getElementById("files").addEventListener("change", (e) => { upload(e.target.files); e.target.value = ""; });
  loadRecent();
})();
