"use strict";
async function load() {
  const error = document.getElementById("error");
  let s;
  try { s = await api("/ops/status"); } catch (err) { error.textContent = err.message; return; }
  document.getElementById("mode").textContent = s.mode === "redis" ? "Hàng đợi Redis, worker riêng." :
    "Chế độ nhúng: việc chạy ngay trong tiến trình, không có worker riêng.";
  document.querySelector("#queues tbody").innerHTML = Object.entries(s.queues).map(([name, q]) =>
    `<tr><td>${esc(name)}</td><td class="num">${q.queued}</td><td class="num">${q.started}</td>
     <td class="num">${q.scheduled}</td><td class="num">${q.failed}</td></tr>`).join("");
  document.querySelector("#workers tbody").innerHTML = s.workers.map((w) =>
    `<tr><td>${esc(w.name)}</td><td>${esc(w.state)}</td><td>${esc(w.current_job || "")}</td><td>${esc(w.last_heartbeat || "")}</td></tr>`).join("")
    || '<tr><td colspan="4" class="muted">Không có worker nào đang chạy.</td></tr>';
  document.querySelector("#failed tbody").innerHTML = s.failed.map((f) =>
    `<tr><td>${esc(f.filename)}</td><td><a href="/ho-so/${f.dossier_id}">${f.dossier_id}</a></td><td>${STATUS_NAMES[f.status] || f.status}</td>
     <td>${esc(f.error)}</td><td class="num">${f.attempts}</td><td><button data-retry="${f.attachment_id}">Chạy lại</button></td></tr>`).join("")
    || '<tr><td colspan="6" class="muted">Không có tệp lỗi.</td></tr>';
  document.querySelectorAll("button[data-retry]").forEach((b) => b.addEventListener("click", async () => {
    try { await api(`/ops/attachments/${b.dataset.retry}/retry`, {method: "POST"}); load(); }
    catch (err) { error.textContent = err.message; }
  }));
}
(async () => { if (await whoAmI()) { load(); setInterval(load, 5000); } })();
