// tunebatch report: progressive enhancement of the server-rendered page. The charts are SVG already; this script
// links a trial across charts and table on hover, sorts the trials table (click a header, or open the page with
// #sort=KEY for the column's natural order, #sort=-KEY for the reverse; #sort=score puts the best trial first), and
// records on each chart how many of its marks the browser laid out (data-rendered-*), then sets
// data-report-ready on <body>. Errors are collected in data-report-errors.
(function () {
  'use strict';
  var body = document.body;
  var errors = [];
  window.addEventListener('error', function (e) {
    errors.push(String(e.message));
    body.setAttribute('data-report-errors', errors.join(' | '));
  });

  function trialElements(id) {
    return Array.prototype.filter.call(document.querySelectorAll('[data-trial]'), function (el) {
      return el.getAttribute('data-trial') === id;
    });
  }

  function linkTrials() {
    document.addEventListener('mouseover', function (e) {
      var el = e.target.closest ? e.target.closest('[data-trial]') : null;
      if (el) {
        trialElements(el.getAttribute('data-trial')).forEach(function (x) { x.classList.add('hl'); });
      }
    });
    document.addEventListener('mouseout', function (e) {
      var el = e.target.closest ? e.target.closest('[data-trial]') : null;
      if (el) {
        trialElements(el.getAttribute('data-trial')).forEach(function (x) { x.classList.remove('hl'); });
      }
    });
  }

  function sortTable(table, key, reverse) {
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var col = -1;
    headers.forEach(function (th, i) { if (th.getAttribute('data-sort-key') === key) { col = i; } });
    if (col < 0) {
      return false;
    }
    var th = headers[col];
    var numeric = th.getAttribute('data-type') === 'num';
    var descending = (th.getAttribute('data-natural') === 'desc') !== reverse;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var va = a.cells[col].getAttribute('data-value');
      var vb = b.cells[col].getAttribute('data-value');
      var ea = va === null || va === '';
      var eb = vb === null || vb === '';
      if (ea || eb) {
        return ea === eb ? 0 : (ea ? 1 : -1);
      }
      var c = numeric ? Number(va) - Number(vb) : va.localeCompare(vb);
      return descending ? -c : c;
    });
    rows.forEach(function (r) { tbody.appendChild(r); });
    headers.forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    table.setAttribute('data-sorted-by', (reverse ? '-' : '') + key);
    return true;
  }

  function sortableTables() {
    Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
        var key = th.getAttribute('data-sort-key');
        if (!key) {
          return;
        }
        th.addEventListener('click', function () {
          var reverse = table.getAttribute('data-sorted-by') === key;
          sortTable(table, key, reverse);
          try {
            history.replaceState(null, '', '#sort=' + (reverse ? '-' : '') + encodeURIComponent(key));
          } catch (ignored) {
            // some browsers refuse replaceState on file: pages; sorting still works
          }
        });
      });
      var match = /(?:^#|&)sort=(-?)([^&]+)/.exec(location.hash);
      if (match) {
        sortTable(table, decodeURIComponent(match[2]), match[1] === '-');
      }
    });
  }

  function measure() {
    Array.prototype.forEach.call(document.querySelectorAll('svg[data-chart]'), function (svg) {
      var box = svg.getBoundingClientRect();
      var drawn = 0;
      Array.prototype.forEach.call(svg.querySelectorAll('[data-mark]'), function (mark) {
        var b = mark.getBoundingClientRect();
        if ((b.width > 0 || b.height > 0) && b.right > box.left && b.left < box.right) {
          drawn++;
        }
      });
      svg.setAttribute('data-rendered-marks', String(drawn));
      svg.setAttribute('data-rendered-width', String(Math.round(box.width)));
      svg.setAttribute('data-rendered-height', String(Math.round(box.height)));
    });
    Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable]'), function (table) {
      table.setAttribute('data-rendered-rows', String(table.tBodies[0].rows.length));
    });
  }

  linkTrials();
  sortableTables();
  measure();
  body.setAttribute('data-report-ready', 'true');
}());
