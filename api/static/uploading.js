// Sending files: one request per file, so each file has its own progress bar and its own answer (scan-quality
// warnings as it arrives), and a refused file never takes the good ones down with it.
"use strict";

// POST one file as multipart `field`; resolves {status, body}. XMLHttpRequest: fetch cannot report upload progress.
function sendOne(url, field, file, progress) {
  return new Promise((resolve) => {
    const form = new FormData();
    form.append(field, file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    Object.entries(csrfHeaders("POST")).forEach(([k, v]) => xhr.setRequestHeader(k, v));
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) progress.value = Math.round(100 * e.loaded / e.total); };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText || "{}"); } catch { body = {}; }
      resolve({status: xhr.status, body});
    };
    xhr.onerror = () => resolve({status: 0, body: {error: {vi: "Mất kết nối tới máy chủ"}}});
    xhr.send(form);
  });
}

function qualityWords(items) {
  return (items || []).map((q) => q.vi || q.message || q.code).join("; ");
}

// Send `files` to `url`, one by one, listing each in `list` (a <ul>); `after()` once all have answered.
async function sendFiles(url, field, files, list, after) {
  const kept = [], refused = [];
  list.innerHTML = "";
  for (const file of files) {
    const li = document.createElement("li");
    li.innerHTML = `<span class="file">${esc(file.name)}</span>
      <progress max="100" value="0" aria-label="Tải lên ${esc(file.name)}"></progress> <span class="answer">đang gửi…</span>`;
    list.appendChild(li);
    const {status, body} = await sendOne(url, field, file, li.querySelector("progress"));
    const answer = li.querySelector(".answer");
    if (refusedSession(status, body)) { toSignIn(); return; }
    if (status >= 200 && status < 300) {
      const got = (body.attachments || [])[0] || {};
      const warnings = qualityWords(got.quality);
      li.querySelector("progress").value = 100;
      answer.innerHTML = `<span class="ok">Đã nhận</span>${got.duplicate ? " (tệp này đã có trong hồ sơ)" : ""}` +
        (warnings ? ` — <span class="warn">chất lượng ảnh: ${esc(warnings)}</span>` : "");
      kept.push(file.name);
    } else {
      const reason = body.error ? body.error.vi : "lỗi " + status;
      li.classList.add("refused");
      answer.innerHTML = `<span class="bad">Bị từ chối: ${esc(reason)}</span>`;
      refused.push(file.name);
    }
  }
  const summary = document.createElement("li");
  summary.className = "summary";
  summary.textContent = `Đã nhận ${kept.length} tệp` + (refused.length ?
    `; bị từ chối ${refused.length} tệp: ${refused.join(", ")} (các tệp này không được lưu, hãy quét lại).` : ".");
  list.appendChild(summary);
  after();
}

// A drop zone that also opens the file picker by click, Enter or Space.
function dropZone(zone, input, onFiles) {
  zone.addEventListener("dragover", (e) => { e.preventDefault(); zone.classList.add("over"); });
  zone.addEventListener("dragleave", () => zone.classList.remove("over"));
  zone.addEventListener("drop", (e) => { e.preventDefault(); zone.classList.remove("over"); onFiles([...e.dataTransfer.files]); });
  zone.addEventListener("click", () => input.click());
  zone.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });
  input.addEventListener("change", () => { const files = [...input.files]; input.value = ""; if (files.length) onFiles(files); });
}
