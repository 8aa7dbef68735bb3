// Draws the kitwatch national page from the JSON data block (the national report's JSON,
// docs/national.md). Text from the data reaches the page through textContent or ECharts labels,
// never as markup. Each chart registers itself in window.kitwatchCharts (the browser test checks).
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kitwatch-data').textContent);
  var page = window.kitwatchPage;
  var COLORS = page.COLORS, el = page.el, num = page.num, show = page.show, text = page.text, chart = page.chart,
      table = page.table;
  function pct(x) { return (100 * x).toFixed(2) + '%'; }

  function put(id, node) { document.getElementById(id).appendChild(node); }

  // The share bars of scopes, each drawn under its name.
  function shareBars(id, names, scopes) {
    page.shareBars(id, scopes.map(function (s, i) {
      return { name: names[i], designated_share: s.designated_share, unknown_share: s.unknown_share,
               control_unknown_share: s.control_unknown_share };
    }), false);
  }

  function scopeRow(name, s) {
    return [name, num(s.total.count), pct(s.designated_share.count), pct(s.designated_share.traffic),
            pct(s.designated_share.subscribers), pct(s.unknown_share.count), pct(s.control_unknown_share.count)];
  }
  var SCOPE_COLUMNS = ['', 'elements', 'designated (count)', 'designated (traffic)', 'designated (subscribers)',
                       'unknown maker (count)', 'control unknown (count)'];
  var SCOPE_NUMERIC = [false, true, true, true, true, true, true];

  function header() {
    text('as-of', 'as of ' + data.as_of + ' · ' + data.operators.length + ' operators · registry ' +
         data.registry.version + ' (' + data.registry.date + ')');
    if (data.caveats.length) {
      show('caveats');
      data.caveats.forEach(function (c) { put('caveat-list', el('li', {}, [c])); });
    }
  }

  function cards() {
    var box = document.getElementById('cards');
    var t = data.total;
    var list = [
      ['operators', 'Operators', String(data.operators.length),
       data.operators.filter(function (o) { return o.signed; }).length + ' signed returns'],
      ['elements', 'Elements', num(t.total.count), data.rows_rejected ? num(data.rows_rejected) + ' rows rejected by operators' : 'no rows rejected'],
      ['designated', 'Designated (elements)', pct(t.designated_share.count),
       pct(t.designated_share.subscribers) + ' of subscribers'],
      ['unknown', 'Unknown maker', pct(t.unknown_share.count), 'stays in every denominator'],
      ['hhi', 'Concentration (HHI)', num(Math.round(t.concentration.hhi.count)),
       'by count, 0–10,000; 2,500+ is highly concentrated']
    ];
    if (data.evaluation) {
      var e = data.evaluation;
      list.push(['evaluation', 'Evaluation load', e.utilisation === null ? 'no capacity' : pct(e.utilisation),
                 (e.effective ? 'effective' : 'over capacity') + ': ' + num(e.total_load) + ' of ' + num(e.capacity)]);
    }
    list.forEach(function (c) {
      var alert = (c[0] === 'evaluation' && !data.evaluation.effective);
      box.appendChild(page.card(c[0], c[1], c[2], c[3], alert ? 'alert' : ''));
    });
  }

  function capacity() {
    var e = data.evaluation;
    if (!e) return;
    show('section-capacity');
    text('capacity-summary', (e.effective ? 'EFFECTIVE' : 'EXCEEDED') + ': a load of ' + num(e.total_load) +
         ' against a capacity of ' + num(e.capacity) + ' analyst-days a year. ' + e.shared_builds +
         ' builds are run by more than one operator and evaluated once; the operators\u2019 own loads would add up to ' +
         num(e.operators_load_sum) + '.');
    text('capacity-assumption', 'ASSUMPTION: ' + e.assumption);
    var value = e.utilisation === null ? 0 : +(100 * e.utilisation).toFixed(1);
    chart('chart-capacity', {
      series: [{
        type: 'gauge', min: 0, max: Math.max(200, Math.ceil(value / 50) * 50), splitNumber: 4,
        axisLine: { lineStyle: { width: 18, color: [[100 / Math.max(200, Math.ceil(value / 50) * 50), COLORS.green],
                                                    [1, COLORS.hrv]] } },
        pointer: { width: 5 }, detail: { formatter: '{value}%', fontSize: 22 },
        title: { offsetCenter: [0, '70%'] },
        data: [{ value: value, name: 'utilisation' }]
      }]
    });
  }

  function operators() {
    var ops = data.operators;
    shareBars('chart-operators', ops.map(function (o) { return o.name; }), ops.map(function (o) { return o.total; }));
    var columns = SCOPE_COLUMNS.slice(1);
    columns.unshift('operator');
    columns = columns.concat(['rows rejected', 'own evaluation load', 'signed']);
    put('operators-table', table(columns, ops.map(function (o) {
      return scopeRow(o.name + ' (' + o.id + ')', o.total).concat([num(o.rows_rejected),
        o.own_load === null ? '-' : num(o.own_load), o.signed ? 'yes' : 'NO']);
    }), SCOPE_NUMERIC.concat([true, true, false])));
  }

  function functions() {
    var used = data.by_function.filter(function (f) { return f.total.count > 0; });
    shareBars('chart-functions', used.map(function (f) { return f.function; }), used);
    var rows = used.map(function (f) {
      return scopeRow(f.function, f).concat([num(Math.round(f.concentration.hhi.count)), num(f.suppressed.count)]);
    });
    rows.push(scopeRow('all', data.total).concat([num(Math.round(data.total.concentration.hhi.count)),
                                                  num(data.total.suppressed.count)]));
    put('functions-table', table(SCOPE_COLUMNS.concat(['HHI (count)', 'suppressed']), rows,
                                 SCOPE_NUMERIC.concat([true, true])));
  }

  function regions() {
    put('regions-table', table(SCOPE_COLUMNS, data.by_region.map(function (r) {
      return scopeRow(r.region || '(no region)', r);
    }), SCOPE_NUMERIC));
  }

  function controllers() {
    put('controllers-table', table(['controller', 'elements', 'share (count)', 'share (subscribers)', ''],
      data.controllers.map(function (c) {
        return [c.name, num(c.measures.count), pct(c.share.count), pct(c.share.subscribers),
                c.designated ? 'DESIGNATED' : ''];
      }), [false, true, true, true, false]));
  }

  function matrix() {
    if (!data.rules.length) return;
    show('section-matrix');
    var columns = ['operator'].concat(data.rules.map(function (r) { return r.pack + ' / ' + r.rule; }));
    var node = table(columns, data.operators.map(function (o) {
      return [o.name].concat(data.rules.map(function (r) {
        var s = o.rules[r.pack + '/' + r.rule];
        return s === null || s === undefined ? '-' : s;
      }));
    }));
    node.querySelectorAll('tbody td').forEach(function (td) {
      if (['met', 'violated', 'pending'].indexOf(td.textContent) >= 0) td.className = 'status-' + td.textContent;
    });
    put('matrix-table', node);
  }

  function builds() {
    var e = data.evaluation;
    if (!e || !e.controllers.length) return;
    show('section-builds');
    var rows = [];
    e.controllers.forEach(function (c) {
      c.builds.forEach(function (b) {
        rows.push([c.name, b.model, b.software_version || '(version unknown)', b.function, num(b.cost),
                   num(b.elements), b.operators.join(', ')]);
      });
    });
    put('builds-table', table(['controller', 'model', 'software version', 'charged as', 'cost', 'elements',
                               'operators'], rows, [false, false, false, false, true, true, false],
                              function (n) { return rows[n][6].indexOf(',') >= 0 ? 'shared' : ''; }));
  }

  function footer() {
    var f = document.getElementById('footer');
    f.appendChild(el('p', {}, ['Designation lists counted: ' + (data.lists.join(', ') || 'none') + '.']));
    data.operators.forEach(function (o) {
      f.appendChild(el('p', {}, [o.id + ': ' + o.file + (o.signed ? ' (signed)' : ' (NOT signed)')]));
    });
    f.appendChild(el('p', {}, ['Made by kitwatch national from operators\u2019 returns (kitwatch-return/1); ' +
                               'definitions: docs/definitions.md, docs/national.md.']));
  }

  header();
  cards();
  capacity();
  operators();
  functions();
  regions();
  controllers();
  matrix();
  builds();
  footer();
  document.body.setAttribute('data-ready', 'true');
})();
