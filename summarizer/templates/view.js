
(function () {
  "use strict";
  function checkedValues(name) {
    var values = new Set();
    document.querySelectorAll("input[name='" + name + "']").forEach(function (box) {
      if (box.checked) { values.add(box.value); }
    });
    return values;
  }
  function apply() {
    var types = checkedValues("type");
    var countries = checkedValues("country");
    var empty = document.getElementById("f-empty");
    var showEmpty = empty ? empty.checked : true;
    var articles = 0, events = 0;
    document.querySelectorAll("article.article").forEach(function (art) {
      var visible = new Set();
      var cards = art.querySelectorAll("li.event");
      cards.forEach(function (card) {
        var on = types.has(card.dataset.type) && countries.has(card.dataset.country);
        card.hidden = !on;
        if (on) { visible.add(card.dataset.event); }
      });
      art.querySelectorAll("mark").forEach(function (mark) {
        var ids = mark.dataset.event.split(" ");
        var slugs = mark.dataset.slugs.split(" ");
        var on = ids.filter(function (id) { return visible.has(id); });
        mark.className = on.length ? "t-" + slugs[ids.indexOf(on[0])] : "off";
        if (on.length > 1) { mark.classList.add("multi"); }
      });
      art.hidden = cards.length ? visible.size === 0 : !showEmpty;
      if (!art.hidden) { articles += 1; events += visible.size; }
    });
    var shown = document.getElementById("shown");
    if (shown) { shown.textContent = "Showing " + articles + " articles, " + events + " events"; }
  }
  function focus(art, ids, on) {
    if (!art) { return; }
    art.querySelectorAll("mark, li.event").forEach(function (el) {
      var mine = el.dataset.event.split(" ").some(function (id) { return ids.indexOf(id) >= 0; });
      if (mine) { el.classList.toggle("focus", on); }
    });
  }
  function hovered(event, on) {
    var el = event.target.closest ? event.target.closest("mark, li.event") : null;
    if (el && !el.classList.contains("off")) {
      focus(el.closest("article.article"), el.dataset.event.split(" "), on);
    }
  }
  document.addEventListener("mouseover", function (e) { hovered(e, true); });
  document.addEventListener("mouseout", function (e) { hovered(e, false); });
  document.addEventListener("click", function (e) {
    var button = e.target.closest ? e.target.closest("button[data-set]") : null;
    if (button) {
      var on = button.dataset.value === "all";
      document.querySelectorAll("input[name='" + button.dataset.set + "']").forEach(function (b) {
        b.checked = on;
      });
      apply();
      return;
    }
    var el = e.target.closest ? e.target.closest("mark, li.event") : null;
    if (!el || el.classList.contains("off")) { return; }
    var art = el.closest("article.article");
    var first = el.dataset.event.split(" ")[0];
    var target = el.tagName === "MARK"
      ? art.querySelector("li.event[data-event='" + first + "']")
      : art.querySelector("mark[data-event~='" + first + "']");
    if (target) { target.scrollIntoView({block: "nearest", behavior: "smooth"}); }
  });
  document.addEventListener("change", function (e) {
    if (e.target.closest && e.target.closest("#filters")) { apply(); }
  });
  apply();
})();
