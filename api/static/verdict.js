// A dossier's verdict in words, state first: what is still being read, what is missing, what could not be read or
// compared, and which comparisons were actually made — a match is said only of a comparison made.
"use strict";
const CHECK_RESULTS = {match: "khớp", mismatch: "không khớp", unsure: "chưa chắc, cần xem bản giấy"};
const STATE_CLASS = {processing: "processing", incomplete: "bad", needs_review: "warn", complete: "ok"};

function list(lines) {
  return lines.length ? "<ul>" + lines.map((l) => `<li>${esc(l)}</li>`).join("") + "</ul>" : "";
}

function stateLine(v, d) {
  const files = d.attachments.filter((a) => a.role !== "result");
  if (!files.length) return "Chưa có tệp nào: hãy thêm các thành phần hồ sơ.";
  if (v.state === "processing") return `Đang xử lý: còn ${v.pending.length} tệp đang đọc.`;
  if (v.state === "incomplete") return "Hồ sơ chưa đủ thành phần.";
  if (v.state === "needs_review") return "Hồ sơ cần kiểm tra lại trước khi tiếp nhận.";
  return "Hồ sơ đủ thành phần.";
}

function checksHtml(checks) {
  if (!checks.length) return '<p class="muted">Chưa có thông tin nào được đối chiếu giữa các giấy tờ.</p>';
  return "<p>Đã đối chiếu:</p>" + list(checks.map((c) => `${c.label}: ${CHECK_RESULTS[c.result] || c.result}`));
}

// Verdict lines without the failed files' (said here with their reason in words, the attachment's error).
function verdictLines(v, d) {
  const failed = d.attachments.filter((a) => a.status === "failed")
    .map((a) => `Không đọc được tệp ${a.filename}: ${failureReason(a.error)} — hãy thay bằng bản quét khác hoặc chạy lại.`);
  const failedNames = new Set(d.attachments.filter((a) => a.status === "failed").map((a) => a.filename));
  const others = (v.messages || []).filter((m) => ![...failedNames].some((f) => m.startsWith(`Không đọc được tệp ${f}:`)));
  return others.concat(failed);
}

function verdictPanel(d) {
  const v = d.verdict;
  if (!v) return '<p class="muted">Chưa có kết quả kiểm tra.</p>';
  const state = v.state || (v.complete ? "complete" : "incomplete");
  const head = `<p class="state ${STATE_CLASS[state]}" data-state="${state}"><span class="badge">${STATE_NAMES[state]}</span>
    ${esc(stateLine(Object.assign({pending: []}, v, {state}), d))}</p>`;
  return head + list(verdictLines(v, d)) + (state === "processing" ? "" : checksHtml(v.checks_made || []));
}
