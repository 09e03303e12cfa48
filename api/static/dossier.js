"use strict";
const dossierId = document.getElementById("dossier").dataset.dossier;
let viewer = null;  // the signed-in account (/me): clerks of the dossier's unit confirm copies

async function openDigitized(att) {
  const link = await api(`/dossiers/${dossierId}/attachments/${att}/download?kind=digitized`);
  window.open(link.url, "_blank", "noopener");
}

async function correct(att, form) {
  const body = {fields: {}};
  const docType = form.querySelector("select").value;
  if (docType !== form.dataset.docType) body.doc_type = docType;
  const changed = [...form.querySelectorAll("input[data-key]")].filter((i) => i.value !== i.defaultValue);
  for (const input of changed) body.fields[input.dataset.key] = input.value;
  const status = form.querySelector(".saved");
  try {
    await api(`/dossiers/${dossierId}/attachments/${att}`, {method: "PATCH",
      headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
    forgetDrafts([...changed.map((i) => i.id), form.querySelector("select").id]);
    await load();
    document.querySelector(`section.attachment[data-id="${att}"] .saved`).textContent = "Đã lưu chỉnh sửa.";
  } catch (err) { status.textContent = err.message; }
}

async function confirmOriginal(att, button) {
  const status = button.parentElement.querySelector(".saved");
  button.disabled = true;
  try {
    await api(`/dossiers/${dossierId}/attachments/${att}/confirm-original`, {method: "POST"});
    load();
  } catch (err) { status.textContent = err.message; button.disabled = false; }
}

function signatureBlock(a, unitCode) {
  const lines = copyLines(a.signature).concat(incomingLines(a.signature));
  const mayConfirm = a.status === "done" && a.signature && a.signature.copy && !a.signature.checked && viewer &&
    (viewer.role === "admin" || (viewer.role === "clerk" && viewer.unit.code === unitCode));
  if (!lines.length) return "";
  return `<div class="signatures">${lines.map((l) => `<p class="${l.kind}">${esc(l.text)}</p>`).join("")}
    ${mayConfirm ? `<button class="secondary" data-confirm="${a.id}">Xác nhận đã đối chiếu với bản chính</button>
      <span class="saved" role="status"></span>` : ""}</div>`;
}

// A correction's target and values in words: "Số CCCD", "Giấy chứng sinh", dates dd/mm/yyyy.
function targetName(target) {
  if (target === "doc_type") return "loại giấy tờ";
  const key = target.replace(/^fields\./, "");
  return (FIELD_NAMES[key] || key).toLowerCase();
}

function shownValue(target, value) {
  if (value === null || value === undefined || value === "") return "(trống)";
  return target === "doc_type" ? (DOC_NAMES[value] || value) : vnDate(String(value));
}

function attachmentCard(a, unitCode) {
  const pages = Array.from({length: a.pages || 1}, (_, i) =>
    `<img class="thumb" alt="Trang ${i + 1} của ${esc(a.filename)}" src="/dossiers/${dossierId}/attachments/${a.id}/pages/${i + 1}.png">`).join("");
  const keys = Array.from(new Set([...Object.keys(FIELD_NAMES).filter((k) => k in a.fields)]));
  const rows = keys.map((k) => {
    const f = a.fields[k];
    return `<tr><th><label for="f-${a.id}-${k}">${FIELD_NAMES[k]}</label></th>
      <td><input id="f-${a.id}-${k}" data-key="${k}" data-draft value="${esc(vnDate(fieldValue(f)))}"></td>
      <td class="muted small">${f.page ? "trang " + f.page : ""}${f.confidence != null ? " · tin cậy " + Math.round(f.confidence) + "%" : ""}</td></tr>`;
  }).join("");
  const options = Object.entries(DOC_NAMES).map(([k, v]) =>
    `<option value="${k}" ${k === a.doc_type ? "selected" : ""}>${esc(v)}</option>`).join("");
  const history = (a.corrections || []).map((c) => `<li>${vnDateTime(c.at)} — ${esc(c.by)} sửa ${esc(targetName(c.target))}:
    “${esc(shownValue(c.target, c.old))}” → “${esc(shownValue(c.target, c.new))}”</li>`).join("");
  return `<section class="card attachment" data-id="${a.id}">
    <h2>${esc(a.filename)} <span class="muted small">${STATUS_NAMES[a.status] || a.status}</span></h2>
    <div class="pages">${pages}</div>
    ${signatureBlock(a, unitCode)}
    ${a.digitized ? `<button class="secondary" data-open="${a.id}">Mở bản số hóa (PDF tìm kiếm được)</button>` : ""}
    <form class="fields" data-doc-type="${a.doc_type}">
      <label>Loại giấy tờ <select id="t-${a.id}" data-draft>${options}</select></label>
      <table class="table">${rows}</table>
      <button type="submit">Lưu chỉnh sửa</button> <span class="saved" role="status"></span>
    </form>
    ${history ? `<ul class="history">${history}</ul>` : ""}
  </section>`;
}

async function load() {
  const d = await api(`/dossiers/${dossierId}`);
  document.getElementById("receipt-code").textContent = d.receipt_code;
  document.getElementById("meta").textContent = `Thủ tục ${d.procedure_code} · đơn vị ${d.unit_code} · tiếp nhận ${vnDateTime(d.received_at)}` +
    (d.due_at ? ` · hẹn trả ${vnDay(d.due_at)}` : "") + (d.finished_at ? ` · hoàn thành ${vnDateTime(d.finished_at)}` : "");
  document.getElementById("verdict").innerHTML = verdictHtml(d.verdict);
  const box = document.getElementById("attachments");
  box.innerHTML = d.attachments.map((a) => attachmentCard(a, d.unit_code)).join("");
  box.querySelectorAll("button[data-confirm]").forEach((b) => b.addEventListener("click", () => confirmOriginal(b.dataset.confirm, b)));
  box.querySelectorAll("button[data-open]").forEach((b) => b.addEventListener("click", () => openDigitized(b.dataset.open)));
  box.querySelectorAll("section.attachment").forEach((s) => s.querySelector("form").addEventListener("submit", (e) => {
    e.preventDefault(); correct(s.dataset.id, e.target);
  }));
  if (restoreDrafts()) document.getElementById("restored").textContent = "Đã khôi phục nội dung sửa chưa lưu (ô có viền vàng).";
}

(async () => { viewer = await whoAmI(); load(); })();
