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

  // On a phone a timeline scrolls sideways: start it at the report's day, where the
  // latest events and the next steps are, with the history to scroll back to.
  function showAsOf() {
    Array.prototype.forEach.call(document.querySelectorAll(".tl-scroll"), function (box) {
      var line = box.querySelector(".asof");
      if (!line || box.scrollWidth <= box.clientWidth) { return; }
      var at = line.getBoundingClientRect().left - box.getBoundingClientRect().left + box.scrollLeft;
      box.scrollLeft = Math.max(0, at - box.clientWidth * 0.6);
    });
  }
  showAsOf();
  window.addEventListener("resize", showAsOf);

  // How the summary and the first timeline sit in the window: what a browser test reads.
  function layout() {
    var viewport = document.documentElement.clientWidth;
    var wrap = table.parentElement;
    var box = wrap.getBoundingClientRect();
    var right = Math.min(box.right, viewport) + 0.5;
    var clipped = [];
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      var r = th.getBoundingClientRect();
      if (r.width < 1 || r.height < 1 || r.right > right || r.left < box.left - 0.5) { clipped.push(th.textContent.trim()); }
    });
    var spilled = [];
    Array.prototype.forEach.call(body.rows, function (row) {
      if (row.hidden) { return; }
      Array.prototype.forEach.call(row.cells, function (cell) {
        var r = cell.getBoundingClientRect();
        if (cell.scrollWidth > cell.clientWidth + 1 || r.right > right) {
          spilled.push(row.cells[0].textContent.trim() + " / " + table.tHead.rows[0].cells[cell.cellIndex].textContent.trim());
        }
      });
    });
    var svg = document.querySelector("svg.timeline");
    var scroller = svg ? svg.parentElement : null;
    var asof = svg ? svg.querySelector(".asof").getBoundingClientRect() : null;
    var inView = scroller ? scroller.getBoundingClientRect() : null;
    var lanes = document.querySelector(".tl-lanes");
    return {
      viewport: viewport,
      page: document.documentElement.scrollWidth,
      summary: { width: wrap.clientWidth, content: wrap.scrollWidth },
      clipped: clipped,
      spilled: spilled.slice(0, 10),
      cards: getComputedStyle(body.rows[0]).display !== "table-row",
      timeline: svg ? {
        scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
        scrolls: scroller.scrollWidth > scroller.clientWidth,
        asOfInView: asof.left >= inView.left - 0.5 && asof.right <= inView.right + 0.5,
        lanesPinned: !!lanes && getComputedStyle(lanes).display !== "none"
      } : null
    };
  }

  // The same, with the print style sheet applied to a page of printable width (A4 less
  // Chromium's default margins), for a test that cannot open a print preview.
  function printLayout() {
    var changed = [];
    Array.prototype.forEach.call(document.styleSheets, function (sheet) {
      Array.prototype.forEach.call(sheet.cssRules, function (rule) {
        if (rule.media && rule.media.mediaText === "print") { rule.media.mediaText = "all"; changed.push(rule); }
      });
    });
    var style = document.body.style;
    style.width = "718px";
    style.margin = "0";
    var result = layout();
    style.width = "";
    style.margin = "";
    changed.forEach(function (rule) { rule.media.mediaText = "print"; });
    result.printRules = changed.length;
    return result;
  }

  // `report.html#selftest`: click a column header as a person would and check the sort,
  // the filter, the links to each council, and the layout at this window's width.
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
    var ids = {};
    Array.prototype.forEach.call(document.querySelectorAll("[id]"), function (e) {
      if (ids[e.id]) { problems.push("id used twice: " + e.id); }
      ids[e.id] = true;
    });
    var links = document.querySelectorAll("a[href^='#']");
    Array.prototype.forEach.call(links, function (a) {
      if (!document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)))) { problems.push("link to nowhere: " + a.getAttribute("href")); }
    });
    out.textContent = JSON.stringify({
      problems: problems,
      rows: body.rows.length,
      timelines: svgs,
      links: links.length,
      screen: layout(),
      print: printLayout()
    });
    document.body.appendChild(out);
    // Headless Chromium keeps a window at least 500 px wide, so a test opens the page in
    // a frame of the width it wants and reads the result from this message.
    if (window.parent !== window) { window.parent.postMessage(out.textContent, "*"); }
  }
})();
