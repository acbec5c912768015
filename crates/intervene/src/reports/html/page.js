// Sortable summary table, filter box, and a self-check a browser test can read.
(function () {
  "use strict";
  var table = document.getElementById("summary");
  var body = table.tBodies[0];
  function key(row, col, numeric) {
    var cell = row.cells[col];
    var value = cell.getAttribute("data-sort") || cell.textContent.trim();
    return numeric ? parseFloat(value) || 0 : value.toLowerCase();
  }
  function sortBy(th) {
    var col = th.cellIndex;
    var numeric = th.hasAttribute("data-numeric");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, col, numeric), y = key(b, col, numeric);
      var order = x < y ? -1 : x > y ? 1 : 0;
      return ascending ? order : -order;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () { sortBy(th); });
    th.tabIndex = 0;
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortBy(th); } });
  });
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function () {
    var needle = filter.value.toLowerCase();
    Array.prototype.forEach.call(body.rows, function (r) {
      r.hidden = needle !== "" && r.textContent.toLowerCase().indexOf(needle) < 0;
    });
  });

  // `report.html#selftest`: click a column header as a person would and check the sort.
  if (location.hash === "#selftest") {
    var out = document.createElement("pre");
    out.id = "selftest-result";
    var problems = [];
    window.addEventListener("error", function (e) { problems.push("error: " + e.message); });
    var header = table.querySelector("th[data-numeric][data-key=warnings]");
    var col = header.cellIndex;
    var values = function () { return Array.prototype.map.call(body.rows, function (r) { return key(r, col, true); }); };
    header.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    var up = values();
    header.dispatchEvent(new MouseEvent("click", { bubbles: true }));
    var down = values();
    for (var i = 1; i < up.length; i++) {
      if (up[i - 1] > up[i]) { problems.push("not ascending at row " + i); break; }
      if (down[i - 1] < down[i]) { problems.push("not descending at row " + i); break; }
    }
    if (header.getAttribute("aria-sort") !== "descending") { problems.push("aria-sort not updated"); }
    filter.value = body.rows[0].cells[0].textContent.trim();
    filter.dispatchEvent(new Event("input"));
    var shown = Array.prototype.filter.call(body.rows, function (r) { return !r.hidden; }).length;
    if (shown < 1 || (body.rows.length > 1 && shown === body.rows.length)) { problems.push("filter showed " + shown); }
    filter.value = "";
    filter.dispatchEvent(new Event("input"));
    var svgs = document.querySelectorAll("svg.timeline").length;
    var sections = document.querySelectorAll("section.council").length;
    if (svgs !== sections || svgs === 0) { problems.push(svgs + " timelines for " + sections + " councils"); }
    out.textContent = problems.length ? "FAIL " + problems.join("; ") : "PASS rows=" + body.rows.length + " timelines=" + svgs;
    document.body.appendChild(out);
  }
})();
