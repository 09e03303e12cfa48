// Never ask a citizen twice: once the requester is identified (a card read in the dossier, or the number typed
// by the clerk), the page lists that person's papers digitized earlier within the reuse scope and still valid,
// and links the one the clerk accepts (no new scan); the API recomputes the verdict.
"use strict";
const NO_PAPERS = "Không có giấy tờ còn hiệu lực đã số hóa của người này trong phạm vi được dùng lại.";
const looked = new Set();  // numbers looked up on this page: every lookup is audited, so a read number once
let offered = [], papersHtml = "";

const idDigits = (s) => String(s || "").replace(/[\s.-]/g, "");
const isIdNumber = (s) => /^\d{12}$/.test(s);

// The requester's number as read in the dossier: a card's first, then a form's.
function readNumber(d) {
  const files = d.attachments.filter((a) => a.role !== "result" && a.status === "done");
  const ordered = files.filter((a) => a.doc_type === "cccd").concat(files.filter((a) => a.doc_type !== "cccd"));
  return ordered.map((a) => idDigits(fieldValue(a.fields.so_cccd))).find(isIdNumber) || "";
}

function reuseStatus(text) { document.getElementById("reuse-status").textContent = text; }

function paperItem(p, held) {
  const name = DOC_NAMES[p.doc_type] || p.doc_type, from = `hồ sơ ${p.dossier_receipt_code}`;
  const valid = p.valid_until ? `còn hiệu lực đến ${vnDate(p.valid_until)}` : "không thời hạn";
  const action = held.has(p.attachment_id) ? '<span class="ok">Đã dùng lại trong hồ sơ này</span>' :
    `<button type="button" data-paper="${p.attachment_id}" aria-label="Dùng lại ${esc(name)} từ ${esc(from)}">Dùng lại</button>`;
  return `<li><span><b>${esc(name)}</b> — ${valid}</span>
    <span class="muted">${esc(from)} · ${esc(p.unit_name || p.unit)}</span>${action}</li>`;
}

// Drawn again only when it changed, so a poll does not take the focus from a button.
function drawPapers() {
  const held = new Set(dossier.attachments.map((a) => a.reused_from).filter(Boolean));
  const html = offered.map((p) => paperItem(p, held)).join("");
  if (html === papersHtml) return;
  papersHtml = html;
  const box = document.getElementById("papers");
  box.innerHTML = html;
  box.querySelectorAll("button[data-paper]").forEach((b) => b.addEventListener("click", () => reuse(Number(b.dataset.paper), b)));
}

async function lookUp(number) {
  looked.add(number);
  offered = [];
  reuseStatus("Đang tìm giấy tờ đã số hóa của người này…");
  try {
    const found = await api(`/citizens/${number}/papers?` + new URLSearchParams({procedure: dossier.procedure_code}));
    offered = found.items.filter((p) => p.dossier_receipt_code !== dossier.receipt_code);  // not this dossier's own
  } catch (err) {
    if (err.status !== 404) { reuseStatus(err.message); drawPapers(); return; }
  }
  reuseStatus(offered.length ? `Có ${offered.length} giấy tờ còn hiệu lực đã số hóa của người này: bấm “Dùng lại” ` +
    "để đưa vào hồ sơ mà không cần quét lại." : NO_PAPERS);
  drawPapers();
}

async function reuse(attachmentId, button) {
  const paper = offered.find((p) => p.attachment_id === attachmentId);
  button.disabled = true;
  try {
    await api(`${base()}/reuse`, {method: "POST", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({attachment_id: attachmentId})});
  } catch (err) { reuseStatus("Chưa dùng lại được: " + err.message); button.disabled = false; return; }
  const said = `Đã dùng lại ${(DOC_NAMES[paper.doc_type] || paper.doc_type).toLowerCase()} từ hồ sơ ` +
    `${paper.dossier_receipt_code}, không cần quét lại; kết quả kiểm tra đã cập nhật.`;
  await load();
  reuseStatus(said);
  notice(said);
  document.getElementById("reuse-status").focus();  // the button is gone: the focus stays in the section
}

// Shown on an open dossier its viewer may change; a number read in the dossier is looked up once by itself.
function drawReuse(d) {
  const section = document.getElementById("reuse");
  section.hidden = !(mayWrite && isOpen());
  if (section.hidden) return;
  const input = document.getElementById("requester-id"), read = readNumber(d);
  if (read && !input.value.trim() && !looked.has(read)) { input.value = read; lookUp(read); return; }
  drawPapers();
}

document.getElementById("reuse-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = document.getElementById("requester-id"), number = idDigits(input.value);
  input.setAttribute("aria-invalid", String(!isIdNumber(number)));
  if (!isIdNumber(number)) { reuseStatus("Cần đủ 12 chữ số của số định danh cá nhân."); input.focus(); return; }
  lookUp(number);
});
