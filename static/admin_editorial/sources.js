// The article form's sources: a line of names separated by 、. The browser
// completes a whole input from its <datalist>; this completes the name being
// typed after the last separator, keeping the names before it.
(function () {
  "use strict";
  var SEPARATORS = /[、,，;；]/;

  function setUp(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) { return; }
    var names = Array.prototype.map.call(list.options, function (option) { return option.value; });
    input.addEventListener("input", function () {
      var value = input.value;
      var cut = -1;
      for (var i = value.length - 1; i >= 0; i -= 1) {
        if (SEPARATORS.test(value.charAt(i))) { cut = i; break; }
      }
      var typed = value.slice(cut + 1).trim();
      var before = value.slice(0, cut + 1);
      var matching = names.filter(function (name) {
        return typed && name.indexOf(typed) !== -1;
      }).slice(0, 30);
      list.textContent = "";
      matching.forEach(function (name) {
        var option = document.createElement("option");
        option.value = before + name;
        list.appendChild(option);
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("input.ed-sources-input[list]").forEach(setUp);
  });
}());
