// An attachment's signatures in words: the unit's signature on the digitized copy, the clerk's check against
// the original, and the signatures an uploaded PDF came with. Plain text lines ({kind, text}); the page escapes.
"use strict";

const VN_DAY = new Intl.DateTimeFormat("en-GB", {timeZone: "Asia/Ho_Chi_Minh", day: "2-digit", month: "2-digit",
  year: "numeric"});
// dd/mm/yyyy of an ISO instant, as the calendar in Việt Nam shows it.
const sigDay = (iso) => iso ? VN_DAY.format(new Date(iso)) : "";

const UNSIGNED_REASONS = {
  "no key for this unit": "đơn vị chưa có khóa ký số trên máy chủ",
  "signing is off": "chức năng ký số đang tắt",
};

// What each PAdES level the copy reached means for whoever checks it years later.
const LEVELS = {
  "B-B": "PAdES B-B",
  "B-T": "PAdES B-T, có dấu thời gian",
  "B-LT": "PAdES B-LT, có dấu thời gian và thông tin thu hồi chứng thư",
  "B-LTA": "PAdES B-LTA, có dấu thời gian, thông tin thu hồi chứng thư và dấu thời gian lưu trữ",
};

// The certificate subject's common name (else its organisation), from pyHanko's "Common Name: …, …" text.
function signerName(subject) {
  const found = /Common Name: ([^,]+)/.exec(subject || "") || /Organization: ([^,]+)/.exec(subject || "");
  return found ? found[1].trim() : (subject || "không rõ");
}

function copyLines(signature) {
  const copy = signature && signature.copy;
  const checked = signature && signature.checked;
  const lines = [];
  if (copy) {
    if (copy.state === "signed") {
      const level = LEVELS[copy.level] ? ` (${LEVELS[copy.level]})` : "";
      lines.push({kind: "ok", text: `Đã ký số — ${copy.unit || signerName(copy.signer)}, ký ngày ${sigDay(copy.signed_at)}${level}`});
    } else if (copy.state === "awaiting_check") {
      lines.push({kind: "muted", text: checked ? "Chưa ký số: đang ký sau khi đối chiếu bản chính"
        : "Chưa ký số: chờ đối chiếu bản chính — bản sao được ký số sau khi cán bộ xác nhận"});
    } else {
      lines.push({kind: "bad", text: `Chưa ký số: ${UNSIGNED_REASONS[copy.reason] || copy.reason || "không rõ lý do"}`});
    }
  }
  if (checked) {
    const signing = copy && copy.state === "awaiting_check" ? " (bản sao đang được ký)" : "";
    const resigning = !signing && copy && copy.checked_by !== checked.by ? " (bản sao đang được ký lại)" : "";
    lines.push({kind: "ok", text: `Đã đối chiếu bản chính — ${checked.by}, ${sigDay(checked.at)}${signing}${resigning}`});
  } else if (copy && copy.state !== "awaiting_check") {
    lines.push({kind: "muted", text: "Chưa đối chiếu bản chính"});
  }
  return lines;
}

function incomingLines(signature) {
  const report = signature && signature.incoming;
  if (!report) return [];
  if (report.state === "unreadable") return [{kind: "bad", text: "Không đọc được chữ ký số của tệp"}];
  return (report.signatures || []).map((s) => {
    const who = signerName(s.signer);
    if (s.modified_after_signing) return {kind: "bad", text: `Chữ ký số của ${who}: tài liệu đã bị sửa sau khi ký`};
    if (!s.intact) return {kind: "bad", text: `Chữ ký số của ${who} không hợp lệ`};
    if (!s.trusted) {
      return {kind: "bad", text: `Chữ ký số của ${who}, ký ngày ${sigDay(s.signed_at)}: chứng thư số không thuộc tổ chức chứng thực được tin cậy`};
    }
    return {kind: "ok", text: `Chữ ký số hợp lệ — ${who}, ký ngày ${sigDay(s.signed_at)}`};
  });
}

if (typeof module !== "undefined") module.exports = {copyLines, incomingLines, signerName, sigDay};
