"use strict";
// RQ's worker states in words.
const WORKER_STATES = {idle: "Đang rảnh", busy: "Đang xử lý", started: "Đang khởi động", suspended: "Tạm dừng"};
const QUEUE_NAMES = {sohoa: "Xử lý tệp (OCR, trích xuất)"};

function failedRow(f, admin) {
  const raw = admin && f.error ? `<details><summary>Lỗi gốc (quản trị)</summary><code>${esc(f.error)}</code></details>` : "";
  return `<tr><td>${esc(f.filename)}</td><td><a href="/ho-so/${f.dossier_id}">${esc(f.receipt_code)}</a></td>
    <td>${STATUS_NAMES[f.status] || esc(f.status)}</td><td>${esc(f.reason || "Không rõ lý do")}${raw}</td>
    <td class="num">${vnInt(f.attempts)}</td>
    <td>${admin ? `<button type="button" data-retry="${f.attachment_id}" aria-label="Chạy lại tệp ${esc(f.filename)}">Chạy lại</button>` : ""}</td></tr>`;
}

async function load(me) {
  const error = document.getElementById("error");
  let s;
  try { s = await api("/ops/status"); } catch (err) { error.textContent = err.message; return; }
  document.getElementById("mode").textContent = s.mode === "redis" ? "Hàng đợi Redis, worker riêng." :
    "Chế độ nhúng: việc chạy ngay trong tiến trình, không có worker riêng.";
  document.querySelector("#queues tbody").innerHTML = Object.entries(s.queues).map(([name, q]) =>
    `<tr><td>${esc(QUEUE_NAMES[name] || name)}</td><td class="num">${vnInt(q.queued)}</td><td class="num">${vnInt(q.started)}</td>
     <td class="num">${vnInt(q.scheduled)}</td><td class="num" data-failed>${vnInt(q.failed)}</td></tr>`).join("");
  document.querySelector("#workers tbody").innerHTML = s.workers.map((w) =>
    `<tr><td>${esc(w.name)}</td><td>${esc(WORKER_STATES[w.state] || w.state)}</td>
     <td>${w.current_job ? "Đang xử lý tệp số " + esc(w.current_job.replace(/^attachment-/, "")) : ""}</td>
     <td>${vnDateTime(w.last_heartbeat)}</td></tr>`).join("")
    || '<tr><td colspan="4" class="muted">Không có worker nào đang chạy.</td></tr>';
  document.querySelector("#failed tbody").innerHTML = s.failed.map((f) => failedRow(f, me.role === "admin")).join("")
    || '<tr><td colspan="6" class="muted">Không có tệp lỗi.</td></tr>';
  document.querySelectorAll("button[data-retry]").forEach((b) => b.addEventListener("click", async () => {
    b.disabled = true;
    try {
      await api(`/ops/attachments/${b.dataset.retry}/retry`, {method: "POST"});
      document.getElementById("notice").textContent = "Đã đưa tệp vào hàng đợi để chạy lại.";
      load(me);
    } catch (err) { error.textContent = err.message; b.disabled = false; }
  }));
}
(async () => { const me = await whoAmI(); load(me); setInterval(() => load(me), 5000); })();
