// Behaviour shared by every page. No inline scripts: the Content-Security-Policy allows
// scripts from our own static files only.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-cetak]")) window.print();
});
