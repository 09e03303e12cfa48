// Shared helpers: JSON calls with the session cookie (and its CSRF value), the session's expiry warning, drafts
// that survive it, Vietnamese formatting (numbers, dd/mm/yyyy, times in Asia/Ho_Chi_Minh).
"use strict";
const DOC_NAMES = {
  to_khai_khai_sinh: "Tờ khai đăng ký khai sinh", giay_chung_sinh: "Giấy chứng sinh", cccd: "Căn cước công dân",
  to_khai_ket_hon: "Tờ khai đăng ký kết hôn", xac_nhan_tinh_trang_hon_nhan: "Giấy xác nhận tình trạng hôn nhân",
  to_khai_cu_tru: "Tờ khai thay đổi thông tin cư trú (CT01)", hop_dong_thue_nha: "Hợp đồng thuê nhà",
  quyet_dinh: "Quyết định", don_de_nghi: "Đơn đề nghị", giay_khai_sinh: "Giấy khai sinh",
  trich_luc_khai_sinh: "Trích lục khai sinh", giay_chung_nhan_ket_hon: "Giấy chứng nhận kết hôn",
  xac_nhan_cu_tru: "Giấy xác nhận thông tin về cư trú (CT07)", van_ban_phap_luat: "Văn bản pháp luật, công văn",
  unknown: "Không xác định",
};
const FIELD_NAMES = {
  ho_ten: "Họ tên", ngay_sinh: "Ngày sinh", gioi_tinh: "Giới tính", so_cccd: "Số CCCD", so_cmnd: "Số CMND",
  dan_toc: "Dân tộc", quoc_tich: "Quốc tịch", que_quan: "Quê quán", noi_cu_tru: "Nơi cư trú",
  so_dien_thoai: "Số điện thoại", nguoi_yeu_cau: "Người yêu cầu", so_van_ban: "Số văn bản", ngay_ky: "Ngày ký",
  co_quan: "Cơ quan",
};
const STATUS_NAMES = {queued: "Đang chờ", processing: "Đang đọc (OCR)", retrying: "Đang thử lại", done: "Đã trích xuất",
  failed: "Lỗi"};
// A dossier's verdict state (the API's verdict.state) in words.
const STATE_NAMES = {processing: "Đang xử lý", incomplete: "Chưa đủ thành phần", needs_review: "Cần kiểm tra lại",
  complete: "Đủ thành phần"};
const DOSSIER_STATUS = {received: "Đang giải quyết", finished: "Đã có kết quả", returned: "Đã trả kết quả"};
const SAFE_METHODS = ["GET", "HEAD"];
const WARN_BEFORE_MS = 5 * 60 * 1000;  // the session warning shows this long before the session ends

function cookie(name) {
  const found = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : "";
}

// Headers for a request with the session cookie: the CSRF value on anything that changes something.
function csrfHeaders(method, headers = {}) {
  return SAFE_METHODS.includes((method || "GET").toUpperCase()) ? headers :
    Object.assign({}, headers, {"X-CSRF-Token": cookie("sohoa_csrf")});
}

// Signed out or expired: keep what was typed, then sign in and come back here.
function toSignIn() {
  saveDrafts();
  location.href = "/dang-nhap?next=" + encodeURIComponent(location.pathname + location.search);
}

function refusedSession(status, body) {
  return status === 401 || (status === 403 && body && body.error && body.error.code === "csrf_failed");
}

async function api(path, options = {}) {
  const response = await fetch(path, Object.assign({}, options, {credentials: "same-origin",
    headers: csrfHeaders(options.method, options.headers)}));
  const json = (response.headers.get("content-type") || "").includes("json");
  const body = json ? await response.json() : response;
  if (refusedSession(response.status, json ? body : null)) { toSignIn(); throw new Error("unauthorized"); }
  if (!response.ok) throw Object.assign(new Error(body.error ? body.error.vi : response.statusText), {status: response.status});
  return body;
}

// --- drafts: every input marked data-draft is kept in sessionStorage while typed, until saved ---------------
const draftKey = () => "sohoa-draft:" + location.pathname;

function drafts() {
  try { return JSON.parse(sessionStorage.getItem(draftKey()) || "{}"); } catch { return {}; }
}

// What a field held when the page drew it (a select's: its option marked selected).
const initialValue = (el) => el.tagName === "SELECT" ?
  ([...el.options].find((o) => o.defaultSelected) || el.options[0] || {}).value : el.defaultValue;

function saveDrafts() {
  const kept = drafts();
  document.querySelectorAll("[data-draft]").forEach((el) => {
    if (el.id && el.value !== initialValue(el)) kept[el.id] = el.value;
  });
  if (Object.keys(kept).length) sessionStorage.setItem(draftKey(), JSON.stringify(kept));
}

// Put back what was typed before an expiry or a reload; the number of fields restored.
function restoreDrafts() {
  let restored = 0;
  for (const [id, value] of Object.entries(drafts())) {
    const el = document.getElementById(id);
    if (el && el.value !== value) { el.value = value; el.classList.add("draft"); restored++; }
  }
  return restored;
}

function forgetDrafts(ids) {
  const kept = drafts();
  ids.forEach((id) => delete kept[id]);
  if (Object.keys(kept).length) sessionStorage.setItem(draftKey(), JSON.stringify(kept));
  else sessionStorage.removeItem(draftKey());
}

if (typeof document !== "undefined") {
  document.addEventListener("input", (e) => { if (e.target.matches && e.target.matches("[data-draft]")) saveDrafts(); });
}

// --- formatting -------------------------------------------------------------------------------------------
const vnInt = (n) => (n ?? 0).toLocaleString("vi-VN");
const vnPct = (r) => r === null || r === undefined ? "—" :
  r.toLocaleString("vi-VN", {minimumFractionDigits: 2, maximumFractionDigits: 2}) + "%";
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
  "'": "&#39;"}[c]));
const fieldValue = (f) => typeof f === "object" && f !== null ? f.value : f;
// ISO dates for machines, dd/mm/yyyy for people.
const vnDate = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v || "") ? v.split("-").reverse().join("/") : v;
const VN_TZ = "Asia/Ho_Chi_Minh";
const VN_PARTS = new Intl.DateTimeFormat("en-GB", {timeZone: VN_TZ, year: "numeric", month: "2-digit", day: "2-digit",
  hour: "2-digit", minute: "2-digit", hourCycle: "h23"});
// An instant from the API; one without an offset is UTC (the API stores UTC), never the browser's zone.
const instant = (iso) => new Date(/[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : iso + "Z");

function vnParts(iso) {
  const parts = {};
  for (const p of VN_PARTS.formatToParts(instant(iso))) parts[p.type] = p.value;
  return parts;
}
// dd/mm/yyyy HH:MM in Việt Nam of an instant, whatever the browser's zone.
const vnDateTime = (iso) => { if (!iso) return ""; const p = vnParts(iso); return `${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`; };
const vnDay = (iso) => { if (!iso) return ""; const p = vnParts(iso); return `${p.day}/${p.month}/${p.year}`; };
const vnTime = (iso) => { if (!iso) return ""; const p = vnParts(iso); return `${p.hour}:${p.minute}`; };
// Today's date in Việt Nam, ISO (a UTC machine's date is yesterday's there until 07:00).
const vnTodayIso = () => { const p = vnParts(new Date().toISOString()); return `${p.year}-${p.month}-${p.day}`; };

// "dd/mm/yyyy" typed by a person → ISO, or null when it is not a real day.
function parseVnDate(text) {
  const m = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/.exec(text || "");
  if (!m) return null;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// The reason a file failed, in Vietnamese, from what the attachment keeps ("code: vi / en", workers.failures).
function failureReason(error) {
  const m = /^[a-z_]+: (.*?) \/ /.exec(error || "");
  return m ? m[1] : "lỗi khi xử lý tệp";
}

// --- the session: who is signed in, the warning before it ends, sign-out ------------------------------------
let sessionTimers = [];

function sessionNotice(html) {
  const box = document.getElementById("session-warning");
  box.innerHTML = html;
  box.hidden = !html;
  const renew = box.querySelector("#renew");
  if (renew) renew.addEventListener("click", renewSession);
}

function watchExpiry(expiresAt) {
  sessionTimers.forEach(clearTimeout);
  sessionTimers = [];
  sessionNotice("");
  if (!expiresAt) return;
  const left = instant(expiresAt).getTime() - Date.now();
  sessionTimers.push(setTimeout(() => sessionNotice(
    `Phiên đăng nhập sẽ hết hạn lúc <b>${vnTime(expiresAt)}</b>. Nội dung đang nhập được giữ lại.
     <button type="button" id="renew">Gia hạn phiên</button>`), Math.max(left - WARN_BEFORE_MS, 0)));
  sessionTimers.push(setTimeout(() => {
    saveDrafts();
    sessionNotice(`Phiên đăng nhập đã hết hạn. Nội dung đang nhập đã được lưu tạm;
      <a href="/dang-nhap?next=${encodeURIComponent(location.pathname + location.search)}">đăng nhập lại</a> để tiếp tục.`);
  }, Math.max(left, 0)));
}

async function renewSession() {
  try { watchExpiry((await api("/session/renew", {method: "POST"})).expires_at); }
  catch (err) { sessionNotice(esc(err.message)); }
}

async function whoAmI() {
  const me = await api("/me");
  document.getElementById("who").textContent = `${me.username} · ${me.unit.name}`;
  // Links for some roles only (the API refuses the others anyway).
  document.querySelectorAll("nav [data-roles]").forEach((a) => { a.hidden = !a.dataset.roles.split(" ").includes(me.role); });
  const out = document.getElementById("signout");
  out.hidden = false;
  out.addEventListener("click", async () => {
    forgetDrafts(Object.keys(drafts()));
    await fetch("/session", {method: "DELETE", credentials: "same-origin", headers: csrfHeaders("DELETE")});
    location.href = "/dang-nhap";
  });
  document.querySelectorAll("header.top nav a").forEach((a) => {
    if (a.getAttribute("href") === location.pathname) a.setAttribute("aria-current", "page");
  });
  watchExpiry(me.expires_at);
  return me;
}

if (typeof module !== "undefined") module.exports = {parseVnDate, vnDateTime, vnDay, instant};
