// The dossier's page: its verdict first (kept in view), files added, replaced or removed while it is open, each
// page's thumbnail beside the text read on it, corrections, the result and the end of the dossier. It stays live:
// a light progress request every few seconds, the whole dossier read again only when something changed.
"use strict";
const dossierId = document.getElementById("dossier").dataset.dossier;
const FAST_MS = 2000, SLOW_MS = 10000;  // polling while files are read, and while nothing is expected
let viewer = null, dossier = null, mayWrite = false, replacing = null, lastProgress = "", pollTimer = null;
const texts = {};  // attachment id → [{page, text}], read once per attachment

const base = () => `/dossiers/${dossierId}`;
const isOpen = () => dossier && !dossier.finished_at;

async function openDigitized(att) {
  const link = await api(`${base()}/attachments/${att}/download?kind=digitized`);
  window.open(link.url, "_blank", "noopener");
}

// --- corrections ---------------------------------------------------------------------------------------------
function targetName(target) {
  if (target === "doc_type") return "loại giấy tờ";
  const key = target.replace(/^fields\./, "");
  return (FIELD_NAMES[key] || key).toLowerCase();
}

function shownValue(target, value) {
  if (value === null || value === undefined || value === "") return "(trống)";
  return target === "doc_type" ? (DOC_NAMES[value] || value) : vnDate(String(value));
}

async function correct(att, form) {
  const body = {fields: {}};
  const select = form.querySelector("select[data-role=type]");
  if (select.value !== form.dataset.docType) body.doc_type = select.value;
  const changed = [...form.querySelectorAll("input[data-key]")].filter((i) => i.value !== i.defaultValue);
  for (const input of changed) body.fields[input.dataset.key] = input.value.trim();
  const addKey = form.querySelector("select[data-role=add-key]"), addValue = form.querySelector("input[data-role=add-value]");
  if (addKey && addKey.value && addValue.value.trim()) body.fields[addKey.value] = addValue.value.trim();
  const status = form.querySelector(".saved");
  if (!body.doc_type && !Object.keys(body.fields).length) { status.textContent = "Chưa có gì thay đổi để lưu."; return; }
  try {
    await api(`${base()}/attachments/${att}`, {method: "PATCH", headers: {"Content-Type": "application/json"},
      body: JSON.stringify(body)});
  } catch (err) { status.textContent = "Chưa lưu: " + err.message; return; }
  forgetDrafts([...changed.map((i) => i.id), select.id, addKey ? addKey.id : "", addValue ? addValue.id : ""]);
  await load();
  const card = document.getElementById("att-" + att);
  card.querySelector(".saved").textContent = "Đã lưu chỉnh sửa; kết quả kiểm tra hồ sơ đã cập nhật.";
  card.querySelector("form.fields button[type=submit]").focus();
}

function fieldsForm(a) {
  const present = Object.keys(FIELD_NAMES).filter((k) => k in a.fields);
  const rows = present.map((k) => {
    const f = a.fields[k];
    return `<tr><th scope="row"><label for="f-${a.id}-${k}">${FIELD_NAMES[k]}</label></th>
      <td><input id="f-${a.id}-${k}" data-key="${k}" data-draft value="${esc(vnDate(fieldValue(f)))}" ${mayWrite ? "" : "readonly"}></td>
      <td class="muted small">${f.page ? "trang " + f.page : ""}${f.confidence != null ? " · tin cậy " + Math.round(f.confidence) + "%" : ""}</td></tr>`;
  }).join("");
  const missing = Object.keys(FIELD_NAMES).filter((k) => !(k in a.fields));
  const add = mayWrite && missing.length ? `<tr><th scope="row"><label for="add-key-${a.id}">Thêm thông tin</label></th>
      <td class="add-field"><select id="add-key-${a.id}" data-role="add-key" data-draft><option value="">— chọn thông tin chưa đọc được —</option>
        ${missing.map((k) => `<option value="${k}">${FIELD_NAMES[k]}</option>`).join("")}</select>
        <input id="add-value-${a.id}" data-role="add-value" data-draft aria-label="Giá trị thông tin thêm"></td><td></td></tr>` : "";
  const options = Object.entries(DOC_NAMES).map(([k, v]) =>
    `<option value="${k}" ${k === a.doc_type ? "selected" : ""}>${esc(v)}</option>`).join("");
  return `<form class="fields" data-doc-type="${esc(a.doc_type)}">
      <label for="t-${a.id}">Loại giấy tờ</label> <select id="t-${a.id}" data-role="type" data-draft ${mayWrite ? "" : "disabled"}>${options}</select>
      <table class="table">${rows}${add}</table>
      ${mayWrite ? '<button type="submit">Lưu chỉnh sửa</button>' : ""} <span class="saved" role="status"></span>
    </form>`;
}

// --- a file's card --------------------------------------------------------------------------------------------
function pagesHtml(a) {
  const pages = texts[a.id] || [];
  return Array.from({length: a.pages || 1}, (_, i) => {
    const n = i + 1, url = `${base()}/attachments/${a.id}/pages/${n}.png`;
    const text = (pages.find((p) => p.page === n) || {}).text;
    return `<figure class="page" id="att-${a.id}-p${n}">
      <button type="button" class="enlarge" data-zoom="${url}" data-title="Trang ${n} — ${esc(a.filename)}"
        aria-label="Phóng to trang ${n} của ${esc(a.filename)}"><img class="thumb" alt="Trang ${n} của ${esc(a.filename)}" src="${url}"></button>
      <figcaption><span class="muted small">Trang ${n} — chữ đọc được</span>
        <pre class="ocr" tabindex="0" aria-label="Chữ đọc được ở trang ${n} của ${esc(a.filename)}">${text === undefined ?
          (a.status === "done" ? "…" : "(chưa đọc xong)") : esc(text) || "(không đọc được chữ nào)"}</pre></figcaption>
    </figure>`;
  }).join("");
}

function actionsHtml(a) {
  if (!mayWrite || !isOpen() || a.role === "result") return "";
  return `<div class="actions">
      <button type="button" class="secondary" data-replace="${a.id}">Thay tệp khác</button>
      <button type="button" class="secondary" data-remove="${a.id}" aria-expanded="false" aria-controls="rm-${a.id}">Gỡ tệp</button>
      ${a.status === "failed" ? `<button type="button" class="secondary" data-retry="${a.id}">Chạy lại</button>` : ""}
    </div>
    <form class="remove inline" id="rm-${a.id}" hidden>
      <label>Lý do gỡ tệp <input id="rm-reason-${a.id}" required maxlength="500" data-draft></label>
      <button type="submit">Gỡ khỏi hồ sơ</button> <span class="saved" role="status"></span>
    </form>`;
}

function cardKey(a) {
  return [a.status, a.doc_type, (a.corrections || []).length, a.id in texts, mayWrite, isOpen(),
    JSON.stringify(a.signature)].join("|");
}

function attachmentCard(a) {
  const history = (a.corrections || []).map((c) => `<li>${vnDateTime(c.at)} — ${esc(c.by)} sửa ${esc(targetName(c.target))}:
    “${esc(shownValue(c.target, c.old))}” → “${esc(shownValue(c.target, c.new))}”</li>`).join("");
  const quality = qualityWords(a.quality);
  const failed = a.status === "failed" ? `<p class="bad">Không đọc được tệp: ${esc(failureReason(a.error))}</p>` : "";
  return `<section class="card attachment" id="att-${a.id}" data-id="${a.id}" data-key="${esc(cardKey(a))}"
      aria-labelledby="att-title-${a.id}">
    <h2 id="att-title-${a.id}">${esc(a.filename)} <span class="muted small status-${a.status}">${STATUS_NAMES[a.status] || a.status}</span>
      ${a.doc_type ? `<span class="small"> · ${esc(DOC_NAMES[a.doc_type] || a.doc_type)}</span>` : ""}</h2>
    ${a.reused_from ? `<p class="ok reused">Dùng lại từ hồ sơ ${esc(a.reused_from_receipt_code || "")}</p>` : ""}
    ${quality ? `<p class="warn">Chất lượng ảnh: ${esc(quality)}</p>` : ""}${failed}
    ${actionsHtml(a)}
    <div class="pages">${pagesHtml(a)}</div>
    ${signatureBlock(a)}
    ${a.digitized ? `<button type="button" class="secondary" data-open="${a.id}">Mở bản số hóa (PDF tìm kiếm được)</button>` : ""}
    ${a.status === "done" ? fieldsForm(a) : ""}
    ${history ? `<h3 class="small">Lịch sử chỉnh sửa</h3><ul class="history">${history}</ul>` : ""}
  </section>`;
}

function signatureBlock(a) {
  const lines = copyLines(a.signature).concat(incomingLines(a.signature));
  // A reused copy is checked against the original at the unit that digitized it.
  const mayConfirm = mayWrite && a.status === "done" && a.signature && a.signature.copy && !a.signature.checked &&
    !a.reused_from;
  if (!lines.length) return "";
  return `<div class="signatures">${lines.map((l) => `<p class="${l.kind}">${esc(l.text)}</p>`).join("")}
    ${mayConfirm ? `<button type="button" class="secondary" data-confirm="${a.id}">Xác nhận đã đối chiếu với bản chính</button>
      <span class="saved" role="status"></span>` : ""}</div>`;
}

function wire(card) {
  const id = card.dataset.id;
  const on = (sel, fn) => card.querySelectorAll(sel).forEach((b) => b.addEventListener("click", () => fn(b)));
  on("button[data-open]", () => openDigitized(id));
  on("button[data-zoom]", (b) => zoom(b.dataset.zoom, b.dataset.title));
  on("button[data-confirm]", (b) => confirmOriginal(id, b));
  on("button[data-replace]", () => { replacing = id; document.getElementById("replace-file").click(); });
  on("button[data-retry]", (b) => retry(id, b));
  on("button[data-remove]", (b) => {
    const form = card.querySelector("form.remove");
    form.hidden = !form.hidden;
    b.setAttribute("aria-expanded", String(!form.hidden));
    if (!form.hidden) form.querySelector("input").focus();
  });
  const remove = card.querySelector("form.remove");
  if (remove) remove.addEventListener("submit", (e) => { e.preventDefault(); removeFile(id, remove); });
  const fields = card.querySelector("form.fields");
  if (fields) fields.addEventListener("submit", (e) => { e.preventDefault(); correct(id, fields); });
}

// Cards are redrawn only when their file changed, so typing in one is not interrupted by another's progress.
function drawCards(box, attachments) {
  const keep = new Set(attachments.map((a) => "att-" + a.id));
  [...box.children].forEach((c) => { if (!keep.has(c.id)) c.remove(); });
  let before = null;
  for (const a of attachments) {
    let card = document.getElementById("att-" + a.id);
    if (!card || card.dataset.key !== cardKey(a)) {
      const fresh = document.createRange().createContextualFragment(attachmentCard(a)).firstElementChild;
      if (card) card.replaceWith(fresh); else box.appendChild(fresh);
      card = fresh;
      wire(card);
    }
    if (before ? before.nextElementSibling !== card : box.firstElementChild !== card) {
      box.insertBefore(card, before ? before.nextElementSibling : box.firstElementChild);
    }
    before = card;
  }
}

// --- actions ----------------------------------------------------------------------------------------------------
async function confirmOriginal(att, button) {
  const status = button.parentElement.querySelector(".saved");
  button.disabled = true;
  try { await api(`${base()}/attachments/${att}/confirm-original`, {method: "POST"}); load(); }
  catch (err) { status.textContent = err.message; button.disabled = false; }
}

async function retry(att, button) {
  button.disabled = true;
  try { await api(`/ops/attachments/${att}/retry`, {method: "POST"}); notice("Đã đưa tệp vào hàng đợi để đọc lại."); load(); }
  catch (err) { notice(err.message); button.disabled = false; }
}

async function removeFile(att, form) {
  const input = form.querySelector("input"), status = form.querySelector(".saved");
  if (!input.value.trim()) { status.textContent = "Cần ghi lý do gỡ tệp."; input.focus(); return; }
  try {
    await api(`${base()}/attachments/${att}`, {method: "DELETE", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({reason: input.value.trim()})});
  } catch (err) { status.textContent = err.message; return; }
  forgetDrafts([input.id]);
  notice("Đã gỡ tệp khỏi hồ sơ; kết quả kiểm tra đã cập nhật.");
  load();
}

async function finish(event) {
  event.preventDefault();
  const error = document.getElementById("finish-error");
  error.textContent = "";
  const body = {electronic_result: document.getElementById("electronic").checked};
  // Finished and returned now, by one clock: the counter's (returned before finished would be refused).
  if (document.getElementById("returned").checked) body.finished_at = body.returned_at = new Date().toISOString();
  try {
    await api(`${base()}/finish`, {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  } catch (err) { error.textContent = err.message; return; }
  load();
}

function zoom(url, title) {
  const dialog = document.getElementById("zoom");
  document.getElementById("zoom-title").textContent = title;
  const img = document.getElementById("zoom-img");
  img.src = url;
  img.alt = title;
  dialog.showModal();
}

function notice(text) { document.getElementById("notice").textContent = text; }

// --- reading the dossier ----------------------------------------------------------------------------------------
async function readTexts(attachments) {
  const wanted = attachments.filter((a) => a.status === "done" && !(a.id in texts));
  for (const a of wanted) {
    try { texts[a.id] = (await api(`${base()}/attachments/${a.id}/text`)).pages; } catch { texts[a.id] = []; }
  }
  return wanted.length > 0;
}

function drawDossier(d) {
  document.title = `Hồ sơ ${d.receipt_code} — sohoa`;
  document.getElementById("receipt-code").textContent = d.receipt_code;
  const procedure = (window.procedureNames || {})[d.procedure_code] || d.procedure_code;
  document.getElementById("meta").textContent = `${procedure} · đơn vị ${d.unit_code} · tiếp nhận ${vnDateTime(d.received_at)}` +
    (d.due_at ? ` · hẹn trả ${vnDay(d.due_at)}` : "") + (d.status in DOSSIER_STATUS ? ` · ${DOSSIER_STATUS[d.status]}` : "");
  document.getElementById("verdict").innerHTML = verdictPanel(d);
  document.getElementById("add").hidden = !(mayWrite && isOpen());
  drawReuse(d);
  drawCards(document.getElementById("attachments"), d.attachments.filter((a) => a.role !== "result"));
  drawCards(document.getElementById("results"), d.attachments.filter((a) => a.role === "result"));
  const removed = d.removed || [];
  document.getElementById("removed").hidden = !removed.length;
  document.getElementById("removed-list").innerHTML = removed.map((r) =>
    `<li>${esc(r.filename)} — gỡ lúc ${vnDateTime(r.removed_at)} bởi ${esc(r.removed_by)}, lý do: ${esc(r.reason)}</li>`).join("");
  document.getElementById("result").hidden = !(mayWrite || d.finished_at || d.attachments.some((a) => a.role === "result"));
  document.getElementById("finish").hidden = !mayWrite || Boolean(d.finished_at);
  document.getElementById("result-add").hidden = !mayWrite;
  document.getElementById("finished").textContent = d.finished_at ? `Hồ sơ đã kết thúc lúc ${vnDateTime(d.finished_at)}` +
    (d.returned_at ? `, trả kết quả lúc ${vnDateTime(d.returned_at)}` : "") + (d.electronic_result ? " (kết quả điện tử)." : ".") : "";
}

async function load() {
  const d = await api(base());
  const wasProcessing = dossier && dossier.verdict && dossier.verdict.state === "processing";
  dossier = d;
  mayWrite = viewer.role === "admin" || (viewer.role === "clerk" && viewer.unit.code === d.unit_code);
  drawDossier(d);
  if (await readTexts(d.attachments)) drawDossier(d);
  if (restoreDrafts()) document.getElementById("restored").textContent = "Đã khôi phục nội dung sửa chưa lưu (ô viền vàng).";
  if (wasProcessing && d.verdict && d.verdict.state !== "processing") {
    notice(`Đã xử lý xong các tệp của hồ sơ (${vnTime(new Date().toISOString())}).`);
  }
  const hash = location.hash && document.getElementById(location.hash.slice(1));
  if (hash && !hash.classList.contains("hit")) { hash.classList.add("hit"); hash.scrollIntoView({block: "center"}); }
}

// A light request (states only, nothing personal); the whole dossier is read again only when it changed.
async function progress() {
  try { return await api(`${base()}/progress`); } catch { return null; }
}

async function poll() {
  clearTimeout(pollTimer);
  const now = await progress();
  if (now && JSON.stringify(now) !== lastProgress) {
    lastProgress = JSON.stringify(now);  // read before the dossier: a change after it shows at the next poll
    await load();
  } else if (!now && !dossier) {
    await load();  // no progress to compare (an outage): the page still shows the dossier
  }
  const busy = now && (now.state === "processing" || now.attachments.some((a) => !["done", "failed"].includes(a.status)));
  pollTimer = setTimeout(poll, busy ? FAST_MS : SLOW_MS);
}

function afterUpload() { notice("Đã gửi tệp; hồ sơ đang được xử lý."); lastProgress = ""; poll(); }

// Handlers first (files chosen while the page loads are not lost), then the account and the dossier.
dropZone(document.getElementById("drop"), document.getElementById("files"),
  (files) => sendFiles(`${base()}/attachments`, "files", files, document.getElementById("uploads"), afterUpload));
dropZone(document.getElementById("result-drop"), document.getElementById("result-files"),
  (files) => sendFiles(`${base()}/result`, "files", files, document.getElementById("result-uploads"), afterUpload));
document.getElementById("replace-file").addEventListener("change", (e) => {
  const file = e.target.files[0];
  e.target.value = "";
  if (file && replacing) {
    sendFiles(`${base()}/attachments/${replacing}/replace`, "file", [file], document.getElementById("uploads"), afterUpload);
    document.getElementById("add").hidden = false;
  }
});
document.getElementById("finish").addEventListener("submit", finish);

(async () => {
  viewer = await whoAmI();
  try { window.procedureNames = Object.fromEntries((await api("/procedures")).map((p) => [p.code, p.name])); } catch { /* codes only */ }
  poll();
})();
