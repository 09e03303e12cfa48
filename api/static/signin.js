"use strict";
// Only a path of this site: a sign-in link must not send the clerk elsewhere.
function nextPage(fallback) {
  const next = new URLSearchParams(location.search).get("next") || "";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/dang-nhap") ? next : fallback;
}

document.getElementById("signin").addEventListener("submit", async (event) => {
  event.preventDefault();
  const error = document.getElementById("error");
  error.textContent = "";
  const response = await fetch("/session", {method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({token: document.getElementById("token").value.trim()})});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    error.textContent = response.status === 401 ? "Mã truy cập không đúng hoặc đã hết hạn." :
      (body.error ? body.error.vi : response.statusText);
    return;
  }
  location.href = nextPage(body.home);
});
