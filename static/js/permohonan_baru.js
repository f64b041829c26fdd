// Registration form: the second-person block, villages of the chosen kecamatan, one submit.
document.addEventListener("DOMContentLoaded", function () {
  var check = document.getElementById("id_termohon_beda"), blok = document.getElementById("termohon-blok");
  function sync() { blok.style.display = check.checked ? "" : "none"; }
  if (check) { check.addEventListener("change", sync); sync(); }
  // Only the villages of the chosen kecamatan are offered.
  ["pemohon", "termohon", "organisasi"].forEach(function (prefix) {
    var kec = document.getElementById("id_" + prefix + "-kecamatan"), desa = document.getElementById("id_" + prefix + "-desa");
    if (!kec || !desa) return;
    function filter() {
      var name = kec.options[kec.selectedIndex] ? kec.options[kec.selectedIndex].text : "";
      Array.prototype.forEach.call(desa.options, function (o) {
        o.hidden = !!kec.value && o.value !== "" && !o.text.endsWith("(" + name + ")");
      });
    }
    kec.addEventListener("change", function () { filter(); if (desa.selectedOptions[0] && desa.selectedOptions[0].hidden) desa.value = ""; });
    filter();
  });
  document.querySelector("form[enctype]").addEventListener("submit", function () {
    var b = document.getElementById("tombol-daftar"); setTimeout(function () { b.disabled = true; b.textContent = "Menyimpan…"; }, 0);
  });
});
