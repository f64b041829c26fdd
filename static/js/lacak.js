// The receipt's QR code opens /lacak/#<kode>: the fragment never reaches the server (no
// code in any log). Fill the form from it, take it out of the address bar, look up once.
(function () {
  function dariFragmen() {
    var kode = decodeURIComponent(window.location.hash.slice(1)).replace(/[^0-9A-Za-z-]/g, "");
    var input = document.getElementById("id_kode");
    var form = document.getElementById("form-lacak");
    if (!kode || !input || !form) return;
    history.replaceState(null, "", window.location.pathname);
    input.value = kode;
    form.action = window.location.pathname;
    form.submit();
  }
  document.addEventListener("DOMContentLoaded", dariFragmen);
  window.addEventListener("hashchange", dariFragmen);
})();
