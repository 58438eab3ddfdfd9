// The query page of kg serve: a SPARQL editor (CodeMirror 5, vendored) and a result table
// with sortable columns, a filter box and pages. Without this script the page still works:
// the textarea is a plain textarea and the table shows every row.
(function () {
  "use strict";
  function byId(id) { return document.getElementById(id); }
  var page = JSON.parse(byId("kg-page-data").textContent);

  // ------------------------------------------------------------------ the editor
  var textarea = byId("kg-sparql"), editor = null;
  if (textarea && window.CodeMirror) {
    // Ctrl-Space offers the prefixed names kg uses (kgo:fights, rdfs:label, …) and keywords.
    var completions = page.completions;
    CodeMirror.registerHelper("hint", "kgSparql", function (cm) {
      var cursor = cm.getCursor(), line = cm.getLine(cursor.line);
      var start = cursor.ch;
      while (start > 0 && /[\w:-]/.test(line.charAt(start - 1))) { start -= 1; }
      var typed = line.slice(start, cursor.ch).toLowerCase();
      var list = completions.filter(function (word) {
        return word.toLowerCase().indexOf(typed) === 0;
      });
      return { list: list, from: CodeMirror.Pos(cursor.line, start), to: cursor };
    });
    editor = CodeMirror.fromTextArea(textarea, {
      mode: "application/sparql-query",
      lineNumbers: true,
      matchBrackets: true,
      indentUnit: 2,
      viewportMargin: Infinity,
      extraKeys: {
        "Ctrl-Space": function (cm) { cm.showHint({ hint: CodeMirror.hint.kgSparql }); },
        "Ctrl-Enter": function (cm) { cm.save(); textarea.form.submit(); }
      }
    });
    window.kgEditor = editor;
  }
  var examples = byId("kg-examples");
  if (examples) {
    examples.addEventListener("change", function () {
      var chosen = page.examples[Number(examples.value)];
      if (!chosen) { return; }
      if (editor) { editor.setValue(chosen.text); editor.focus(); }
      else { textarea.value = chosen.text; }
    });
  }

  // ------------------------------------------------------------------ the result table
  var table = document.querySelector("table.kg-results");
  if (!table) { return; }
  var PAGE_SIZE = page.pageSize;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var filter = byId("kg-filter"), pager = byId("kg-pager"), info = byId("kg-page-info");
  var matching = rows, current = 0;
  rows.forEach(function (row, index) { row.kgIndex = index; row.kgText = row.textContent.toLowerCase(); });

  function cellValue(row, column) {
    var cell = row.cells[column];
    if (!cell) { return ""; }
    var sort = cell.getAttribute("data-sort");
    return sort !== null ? Number(sort) : cell.textContent.toLowerCase();
  }
  // Numbers before text, blanks last, ties in the query's order.
  function compare(a, b, column, direction) {
    var x = cellValue(a, column), y = cellValue(b, column);
    if (x === "" && y !== "") { return 1; }
    if (y === "" && x !== "") { return -1; }
    var order = 0;
    if (typeof x === "number" && typeof y === "number") { order = x - y; }
    else if (typeof x === "number") { order = -1; }
    else if (typeof y === "number") { order = 1; }
    else { order = x < y ? -1 : x > y ? 1 : 0; }
    return order * direction || a.kgIndex - b.kgIndex;
  }
  function render() {
    var pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
    current = Math.min(current, pages - 1);
    var first = current * PAGE_SIZE, last = first + PAGE_SIZE;
    var shown = {};
    matching.forEach(function (row, position) { if (position >= first && position < last) { shown[row.kgIndex] = true; } });
    rows.forEach(function (row) { row.hidden = !shown[row.kgIndex]; });
    pager.hidden = matching.length <= PAGE_SIZE;
    info.textContent = matching.length ?
      "rows " + (first + 1) + "–" + Math.min(last, matching.length) + " of " + matching.length +
      (matching.length < rows.length ? " (filtered from " + rows.length + ")" : "") :
      "no row matches";
    byId("kg-prev").disabled = current === 0;
    byId("kg-next").disabled = current >= pages - 1;
    table.setAttribute("data-shown", String(Math.min(PAGE_SIZE, Math.max(0, matching.length - first))));
  }
  headers.forEach(function (header, column) {
    header.tabIndex = 0;
    header.title = "Sort by " + header.textContent;
    function sort() {
      var direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
      header.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      var sorted = rows.slice().sort(function (a, b) { return compare(a, b, column, direction); });
      sorted.forEach(function (row) { body.appendChild(row); });
      rows = sorted;
      current = 0;  // a new order starts at its first page
      applyFilter();
    }
    header.addEventListener("click", sort);
    header.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); sort(); }
    });
  });
  function applyFilter() {
    var wanted = filter.value.trim().toLowerCase();
    matching = rows.filter(function (row) { return !wanted || row.kgText.indexOf(wanted) >= 0; });
    render();
  }
  filter.hidden = false;
  filter.addEventListener("input", function () { current = 0; applyFilter(); });
  byId("kg-prev").addEventListener("click", function () { current -= 1; render(); });
  byId("kg-next").addEventListener("click", function () { current += 1; render(); });
  applyFilter();
}());
