// Draws the page's chart from the figure in <script id="figure"> and wires the range buttons: 30 days, 90 days
// and a year zoom every date axis to that many days up to the chart's newest day; "All" draws the whole history
// (<script id="figure-all">, its event labels placed for that range) or, without one, restores the full range.
// No request leaves the site: plotly.js is served beside this file.
(function () {
  "use strict";
  function read(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }
  function dateAxes(gd) {
    return Object.keys(gd._fullLayout).filter(function (key) {
      return /^xaxis\d*$/.test(key) && gd._fullLayout[key].type === "date";
    });
  }
  function boot() {
    var holder = document.getElementById("chart");
    var opening = read("figure");
    if (!holder || !opening || !window.Plotly) { return; }
    var whole = read("figure-all");
    var config = Object.assign({responsive: true}, opening.config);
    var end = holder.getAttribute("data-end");
    var shown = null;
    function draw(payload) {
      shown = payload;
      var figure = JSON.parse(JSON.stringify(payload.data_layout));  // Plotly keeps and changes what it is given
      return Plotly.react(holder, figure.data, figure.layout, config);
    }
    function zoom(days) {
      var last = new Date(end + "T12:00:00Z");
      var first = new Date(last.getTime() - (days - 0.5) * 86400000);
      var update = {};
      dateAxes(holder).forEach(function (name) {
        update[name + ".range"] = [first.toISOString().slice(0, 10) + " 12:00", end + " 12:00"];
      });
      return Plotly.relayout(holder, update);
    }
    draw(opening).then(function () {
      holder.setAttribute("data-drawn", "true");
      document.querySelectorAll(".ranges button").forEach(function (button) {
        button.addEventListener("click", function () {
          var days = button.getAttribute("data-days");
          var done;
          if (days === "all") {
            done = draw(whole || opening);
          } else {
            done = (shown === opening ? Promise.resolve() : draw(opening)).then(function () { return zoom(Number(days)); });
          }
          done.then(function () { holder.setAttribute("data-range", days); });
          document.querySelectorAll(".ranges button").forEach(function (other) {
            other.setAttribute("aria-pressed", other === button ? "true" : "false");
          });
        });
      });
    });
  }
  document.querySelectorAll("textarea.snippet").forEach(function (area) {
    area.addEventListener("focus", function () { area.select(); });
  });
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", boot); } else { boot(); }
})();
