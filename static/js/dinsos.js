// Behaviour shared by every page. No inline scripts: the Content-Security-Policy allows
// scripts from our own static files only.
document.addEventListener("click", function (event) {
  if (event.target.closest("[data-cetak]")) window.print();
});

// Irreversible actions (sign, reject, cancel, revoke) ask once before the form is sent.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var tombol = event.submitter || form.querySelector("[data-konfirmasi]");
  var pesan = (tombol && tombol.getAttribute("data-konfirmasi")) || form.getAttribute("data-konfirmasi");
  if (pesan && !window.confirm(pesan)) event.preventDefault();
});
