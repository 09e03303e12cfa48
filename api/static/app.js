// Shared helpers: the token from sign-in, JSON calls with it, Vietnamese formatting.
"use strict";
const TOKEN_KEY = "sohoa-token";
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

function token() { return sessionStorage.getItem(TOKEN_KEY); }

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {}, {Authorization: "Bearer " + token()});
  const response = await fetch(path, Object.assign({}, options, {headers}));
  if (response.status === 401) { location.href = "/dang-nhap"; throw new Error("unauthorized"); }
  const body = (response.headers.get("content-type") || "").includes("json") ? await response.json() : response;
  if (!response.ok) throw new Error(body.error ? body.error.vi : response.statusText);
  return body;
}

const vnInt = (n) => (n ?? 0).toLocaleString("vi-VN");
const vnPct = (r) => r === null || r === undefined ? "—" :
  r.toLocaleString("vi-VN", {minimumFractionDigits: 2, maximumFractionDigits: 2}) + "%";
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
  "'": "&#39;"}[c]));
const fieldValue = (f) => typeof f === "object" && f !== null ? f.value : f;
// ISO dates for machines, dd/mm/yyyy for people.
const vnDate = (v) => /^\d{4}-\d{2}-\d{2}$/.test(v || "") ? v.split("-").reverse().join("/") : v;

function verdictHtml(v) {
  if (!v) return "";
  const lines = (v.messages && v.messages.length) ? v.messages :
    v.missing.map((m) => "Thiếu: " + m).concat(v.inconsistencies.map((p) => p.message));
  // "khớp" only for what was compared (checks_made): a value not read is never taken as matching.
  const heads = {processing: '<p class="muted">Đang đọc tệp; kết luận khi đọc xong:</p>',
    incomplete: '<p class="bad">Hồ sơ chưa đủ:</p>',
    needs_review: '<p class="bad">Hồ sơ đủ thành phần nhưng cần xem lại:</p>',
    complete: '<p class="ok">Hồ sơ đủ thành phần, các thông tin đã đối chiếu đều khớp.</p>'};
  const head = heads[v.state] || (v.complete ? '<p class="bad">Hồ sơ đủ thành phần, cần xem lại:</p>'
    : '<p class="bad">Hồ sơ chưa đủ:</p>');
  const checked = (v.checks_made || []).filter((c) => c.result === "match").map((c) => "Đã đối chiếu, khớp: " + c.label);
  return head + "<ul>" + lines.concat(v.state === "complete" ? checked : [])
    .map((l) => `<li>${esc(l)}</li>`).join("") + "</ul>";
}

async function whoAmI() {
  if (!token()) { if (!location.pathname.startsWith("/dang-nhap")) location.href = "/dang-nhap"; return null; }
  const me = await api("/me");
  document.getElementById("who").textContent = `${me.username} · ${me.unit.name}`;
  // Links for some roles only (the API refuses the others anyway).
  document.querySelectorAll("nav [data-roles]").forEach((a) => { a.hidden = !a.dataset.roles.split(" ").includes(me.role); });
  const out = document.getElementById("signout");
  out.hidden = false;
  out.onclick = () => { sessionStorage.removeItem(TOKEN_KEY); location.href = "/dang-nhap"; };
  return me;
}
