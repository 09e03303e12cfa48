// A search box with a list of choices (ARIA combobox): tone- and case-insensitive, arrows to move, Enter to
// take the highlighted (or first) match, Escape to close. Items: {label, folded}; `folded` comes from the API
// (core.vntext.fold), and the typed text is folded here the same way: no tones, đ → d (and its look-alike ð), lower case.
"use strict";
const foldText = (s) => String(s || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐðÐ]/g, "d")
  .toLowerCase().replace(/\s+/g, " ").trim();

function combobox(input, list, items, onPick) {
  let shown = [], active = -1;
  const matches = () => {
    const words = foldText(input.value).split(" ").filter(Boolean);
    return items.filter((it) => words.every((w) => it.folded.includes(w)));
  };
  const close = () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); input.removeAttribute("aria-activedescendant"); };
  const highlight = (i) => {
    active = i;
    list.querySelectorAll("[role=option]").forEach((li, n) => li.setAttribute("aria-selected", String(n === i)));
    if (i >= 0) input.setAttribute("aria-activedescendant", `${list.id}-${i}`);
  };
  const open = () => {
    shown = matches();
    list.innerHTML = shown.map((it, i) => `<li role="option" id="${list.id}-${i}" aria-selected="false">${esc(it.label)}</li>`).join("");
    list.hidden = !shown.length;
    input.setAttribute("aria-expanded", String(shown.length > 0));
    highlight(shown.length ? 0 : -1);
  };
  const pick = (item) => { input.value = item.label; close(); onPick(item); };
  input.addEventListener("input", () => { open(); onPick(null); });
  input.addEventListener("focus", () => { if (!list.hidden) open(); });
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) { open(); return; }
      const step = e.key === "ArrowDown" ? 1 : -1;
      highlight((active + step + shown.length) % shown.length);
    } else if (e.key === "Enter") {
      e.preventDefault();  // Enter takes a choice; it never submits the form
      const candidates = list.hidden ? matches() : shown;
      const item = candidates[list.hidden ? 0 : Math.max(active, 0)];
      if (item && input.value.trim()) pick(item);
    } else if (e.key === "Escape") {
      close();
    }
  });
  list.addEventListener("mousedown", (e) => {
    const li = e.target.closest("[role=option]");
    if (li) { e.preventDefault(); pick(shown[Number(li.id.slice(list.id.length + 1))]); }
  });
  return {matches};
}

if (typeof module !== "undefined") module.exports = {foldText};
