(function () {
  "use strict";
  // Click a quote: outline it (with the rest of its rendering, if split), outline every
  // rendering aligned with it in the other columns (class "twin") and scroll each column to it. Quote ids are matched by comparing dataset values, never
  // by building selectors from them, since ids come from the pipeline and text from articles.
  var data = JSON.parse(document.getElementById("np-data").textContent);
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-quote]"));
  var status = document.getElementById("status");

  // A quote id from the URL fragment is anyone's to choose: look it up only among the data's
  // own keys ("__proto__" or "constructor" would find Object's), and ignore a malformed one.
  function lookup(map, key) {
    return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : null;
  }

  function pieces(qid) {
    return marks.filter(function (m) { return m.dataset.quote === qid; });
  }

  function clear() {
    marks.forEach(function (m) { m.classList.remove("active", "twin"); });
  }

  function scrollColumn(mark) {
    var box = mark.closest(".text");
    if (!box) { return; }
    var top = mark.offsetTop - box.clientHeight / 3;
    box.scrollTo({ top: Math.max(0, top), behavior: "smooth" });
  }

  function select(qid) {
    var info = lookup(data.quotes, qid);
    if (!info) { return; }
    clear();
    pieces(qid).forEach(function (m) { m.classList.add("active"); });
    var twins = [];
    info.align.forEach(function (aid) {
      (data.alignments[aid] || []).forEach(function (other) {
        var same = data.quotes[other] && data.quotes[other].article === info.article;
        if (same) {  // the rest of a split rendering in this same article
          pieces(other).forEach(function (m) { m.classList.add("active"); });
        } else if (twins.indexOf(other) < 0) {
          twins.push(other);
        }
      });
    });
    var own = pieces(qid)[0];
    var scrolled = [own ? own.closest(".text") : null];
    twins.forEach(function (other) {
      pieces(other).forEach(function (m) {
        m.classList.add("twin");
        var box = m.closest(".text");
        if (box && scrolled.indexOf(box) < 0) {
          scrolled.push(box);
          scrollColumn(m);
        }
      });
    });
    status.textContent = info.speaker + (info.check ? " (" + info.check + ")" : "") +
      " in " + info.article + ": " +
      (twins.length ? twins.length + " aligned rendering(s) outlined in red." : "no rendering elsewhere.");
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var mark = target && target.closest("mark[data-quote]");
    var link = target && target.closest("a[data-goto]");
    if (mark) { select(mark.dataset.quote); }
    if (link) { select(link.dataset.goto); }
  });

  document.addEventListener("keydown", function (event) {
    var mark = event.target instanceof Element && event.target.closest("mark[data-quote]");
    if (mark && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      select(mark.dataset.quote);
    }
  });

  if (location.hash.indexOf("#q-") === 0) {
    var wanted = null;
    try {
      wanted = decodeURIComponent(location.hash.slice(3));
    } catch (e) {}  // a malformed escape (URIError) names no quote
    if (wanted) { select(wanted); }
  }
})();
