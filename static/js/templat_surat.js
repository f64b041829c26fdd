// Letter template editor (admin): insert a field at the cursor of the body textarea.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button.sisip");
  if (!button) return;
  const area = document.getElementById(button.dataset.sasaran);
  if (!area) return;
  const text = button.dataset.sisip;
  const start = area.selectionStart ?? area.value.length;
  const end = area.selectionEnd ?? start;
  area.setRangeText(text, start, end, "end");
  area.focus();
  area.dispatchEvent(new Event("input", { bubbles: true }));
});
