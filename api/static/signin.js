"use strict";
document.getElementById("signin").addEventListener("submit", async (event) => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
  try {
    const response = await fetch("/me", {headers: {Authorization: "Bearer " + token()}});
    if (!response.ok) throw new Error("Mã truy cập không đúng hoặc đã hết hạn.");
    location.href = "/quay";
  } catch (err) {
    sessionStorage.removeItem(TOKEN_KEY);
    document.getElementById("error").textContent = err.message;
  }
});
