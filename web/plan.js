// Draws the kitwatch plan page from the JSON data block (kitwatch plan --format json, schema in
// docs/schema/plan.schema.json, with works_total added: the data keeps the first works only). Text
// from the data reaches the page through textContent or ECharts labels, never as markup. Each chart
// registers itself in window.kitwatchCharts (the browser test checks).
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kitwatch-data').textContent);
  var page = window.kitwatchPage;
  var COLORS = page.COLORS, el = page.el, num = page.num, show = page.show, text = page.text, chart = page.chart,
      table = page.table;
  var FUNCTION_COLORS = { core: '#2f5d8a', transport: '#16a085', aggregation: '#8e44ad', access: '#e67e22',
                          ran: '#c0392b', cpe: '#7f8c8d', management: '#34495e', other: '#95a5a6' };
  var GANTT_SITES = 60;  // rows drawn in the Gantt chart; the schedule table and the CSV have them all
  var DAY = 86400000;

  function put(id, node) { document.getElementById(id).appendChild(node); }
  function money(x) { return x === null ? 'no limit' : num(Math.round(x)) + ' ' + data.currency; }
  function periodName(p) { return p.start + '..' + p.end; }
  function ms(date) { return Date.parse(date + 'T00:00:00Z'); }
  var planned = data.status === 'optimal' || data.status === 'feasible';

  function verdict() {
    var o = data.objective;
    var words = {
      optimal: 'PLAN FOUND, proven optimal',
      feasible: 'PLAN FOUND, not proven optimal: within ' + (o.gap === null ? 'an unknown gap' : (100 * o.gap).toFixed(2) +
                '%') + ' of the best possible',
      infeasible: 'NO PLAN meets every requirement (proven)',
      'nothing to do': 'NOTHING TO DO: no requirement needs a replacement',
      'no plan found': 'NO PLAN FOUND within the time limit, and none proven impossible'
    };
    var line = (words[data.status] || data.status) + '. ';
    if (planned) {
      line += 'Replaces ' + num(data.periods.reduce(function (n, p) { return n + p.elements_replaced; }, 0)) + ' of ' +
              num(data.inventory.designated_candidates) + ' designated elements for ' + money(data.total_cost) + '.';
    } else if (data.infeasibility) {
      line += 'What cannot be met, and what would be enough, is below.';
    }
    var node = document.getElementById('verdict');
    node.textContent = line;
    node.className = 'verdict ' + (planned || data.status === 'nothing to do' ? 'ok' : 'alert');
    var last = data.periods.length ? data.periods[data.periods.length - 1].end : data.from;
    text('span', data.from + ' to ' + last + ' · ' + data.periods.length + ' ' + data.period + ' periods · least ' +
         data.objective.name);
  }

  function caveats() {
    var list = data.caveats;  // rejected rows, unknown makers, every ASSUMPTION and the planner's notes
    if (!list.length) return;
    show('caveats');
    list.forEach(function (c) { put('caveat-list', el('li', {}, [c])); });
  }

  function cards() {
    var o = data.objective;
    var sites = {};
    data.works.forEach(function (w) { sites[w.site] = true; });
    var list = [
      ['status', 'Status', data.status, data.method + ', ' + data.seconds.toFixed(1) + ' s', !planned &&
       data.status !== 'nothing to do'],
      ['cost', 'Total cost', planned ? money(data.total_cost) : 'no plan',
       'least ' + o.name + (o.name === 'cost' || !planned ? '' : ': ' + num(o.value)), false],
      ['gap', 'Gap to the bound', !planned || o.gap === null ? '-' : (100 * o.gap).toFixed(2) + '%',
       !planned ? 'no plan to compare' : o.bound === null ? 'no bound' : 'bound ' + num(o.bound),
       planned && o.gap !== null && o.gap > 0],
      ['elements', 'Designated elements', num(data.inventory.designated_candidates),
       num(data.inventory.elements) + ' elements in the inventory', false],
      ['works', 'Works', num(data.works_total), data.works_total > data.works.length
        ? num(Object.keys(sites).length) + '+ sites (first ' + num(data.works.length) + ' works shown)'
        : num(Object.keys(sites).length) + ' sites', false]
    ];
    var box = document.getElementById('cards');
    list.forEach(function (c) {
      box.appendChild(page.card(c[0], c[1], c[2], c[3], c[4] ? 'alert' : ''));
    });
  }

  function infeasible() {
    var f = data.infeasibility;
    if (!f) return;
    show('section-infeasible');
    text('infeasible-summary', f.summary);
    put('unmet-table', table(['requirement', 'first failing check', 'last', 'checks failed', 'why'],
      f.unmet.map(function (u) { return [u.rule, u.date, u.until, num(u.checks), u.why]; }),
      [false, false, false, true, false]));
    var least = [];
    if (f.least_budget !== null) {
      least.push('The least budget per period that meets every requirement with the crews as given: ' +
                 money(f.least_budget) + (f.least_budget_proven ? ' (proven least).' : ' (the least found in time).'));
    }
    if (f.least_crews !== null) {
      least.push('The least crews (site visits per period) with the budget as given: ' + num(f.least_crews) +
                 (f.least_crews_proven ? ' (proven least).' : ' (the least found in time).'));
    }
    if (!least.length) least.push('Neither more budget nor more crews alone would meet every requirement.');
    text('infeasible-least', least.join(' '));
  }

  // Each requirement's first check, as a dashed line on the exposure curve.
  function requirementLines() {
    var first = {};
    data.projection.forEach(function (c) { if (!(c.rule in first)) first[c.rule] = c.date; });
    var byDate = {};
    Object.keys(first).forEach(function (rule) {
      var d = first[rule];
      (byDate[d] = byDate[d] || []).push(rule.split('/').pop());
    });
    return Object.keys(byDate).sort().map(function (d) {
      return { xAxis: ms(d), label: { formatter: byDate[d].join(', '), rotate: 90, fontSize: 10 } };
    });
  }

  function exposure() {
    var ends = data.periods.map(function (p) { return ms(p.end) + DAY; });
    chart('chart-exposure', {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 60, right: 30, top: 40, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: 'elements', minInterval: 1 },
      series: [
        { name: 'with the plan', type: 'line', step: 'end', itemStyle: { color: COLORS.hrv },
          data: data.periods.map(function (p, i) { return [ends[i], p.designated_left]; }),
          markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: COLORS.unknown }, data: requirementLines() } },
        { name: 'no work done', type: 'line', step: 'end', itemStyle: { color: COLORS.unknown },
          lineStyle: { type: 'dotted' },
          data: data.periods.map(function (p, i) { return [ends[i], p.designated_without_plan]; }) }
      ]
    });
  }

  function spend() {
    var names = data.periods.map(function (p) { return p.start; });
    var limited = function (key) { return data.periods.map(function (p) { return p[key]; }); };
    chart('chart-spend', {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 50, top: 40, bottom: 60 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 30 } },
      yAxis: [{ type: 'value', name: data.currency }, { type: 'value', name: 'visits', minInterval: 1 }],
      series: [
        { name: 'spend', type: 'bar', itemStyle: { color: COLORS.ok }, data: limited('spend') },
        { name: 'budget', type: 'line', step: 'middle', itemStyle: { color: COLORS.ok }, lineStyle: { type: 'dashed' },
          data: limited('budget'), connectNulls: false },
        { name: 'site visits', type: 'bar', yAxisIndex: 1, itemStyle: { color: COLORS.traffic }, data: limited('visits') },
        { name: 'crews', type: 'line', step: 'middle', yAxisIndex: 1, itemStyle: { color: COLORS.traffic },
          lineStyle: { type: 'dashed' }, data: limited('crews'), connectNulls: false }
      ]
    });
  }

  // One row per site (the first GANTT_SITES sites to get work), one bar per work over its period.
  function gantt() {
    if (!data.works.length) return;
    show('section-gantt');
    var rows = [], index = {};
    data.works.forEach(function (w) {
      if (!(w.site in index) && rows.length < GANTT_SITES) { index[w.site] = rows.length; rows.push(w.site); }
    });
    var allSites = {};
    data.works.forEach(function (w) { allSites[w.site] = true; });
    var siteCount = Object.keys(allSites).length;
    text('gantt-note', 'One row per site, in the order work starts; bars coloured by network function. ' +
         (siteCount > rows.length || data.works_total > data.works.length
           ? 'Drawn: the first ' + rows.length + ' sites of the works shown; the schedule below, JSON and CSV have every work.'
           : 'Every site with work is drawn.'));
    var points = [];
    data.works.forEach(function (w) {
      if (!(w.site in index)) return;
      var p = data.periods[w.period];
      points.push({ value: [index[w.site], ms(p.start), ms(p.end) + DAY, w.function, w.elements.length, w.cost],
                    itemStyle: { color: FUNCTION_COLORS[w.function] || COLORS.unknown } });
    });
    var node = document.getElementById('chart-gantt');
    node.style.height = Math.max(240, 22 * rows.length + 90) + 'px';
    chart('chart-gantt', {
      tooltip: {
        formatter: function (p) {
          var v = p.value;
          return rows[v[0]] + ': ' + v[4] + ' ' + v[3] + ' element' + (v[4] === 1 ? '' : 's') + ', ' + money(v[5]);
        }
      },
      grid: { left: 130, right: 30, top: 20, bottom: 40 },
      xAxis: { type: 'time', min: ms(data.periods[0].start), max: ms(data.periods[data.periods.length - 1].end) + DAY },
      yAxis: { type: 'category', data: rows, inverse: true, axisLabel: { interval: 0, width: 120, overflow: 'truncate' } },
      series: [{
        type: 'custom', encode: { x: [1, 2], y: 0 }, data: points,
        renderItem: function (params, api) {
          var start = api.coord([api.value(1), api.value(0)]), end = api.coord([api.value(2), api.value(0)]);
          var height = api.size([0, 1])[1] * 0.6;
          var shape = echarts.graphic.clipRectByRect(
            { x: start[0], y: start[1] - height / 2, width: Math.max(2, end[0] - start[0]), height: height },
            { x: params.coordSys.x, y: params.coordSys.y, width: params.coordSys.width, height: params.coordSys.height });
          return shape && { type: 'rect', shape: shape, style: api.style() };
        }
      }]
    });
  }

  function figure(kind, x) {
    return kind === 'cap' ? (100 * x).toFixed(2) + '%' : num(x);
  }

  function projection() {
    if (!data.projection.length) {
      text('projection-note', planned ? 'No requirement is checked in these periods.'
                                      : 'No plan, so nothing to project: the requirements that cannot be met are above.');
      return;
    }
    var rows = data.projection.map(function (c) {
      var w = c.with_plan;
      var measured = c.kind === 'cap' || c.kind === 'max_suppliers'
        ? figure(c.kind, w.measured) + ' (limit ' + figure(c.kind, w.limit) + ')' : '';
      return [c.rule, c.kind, c.date, c.without_plan.status, num(c.without_plan.elements), w.status, num(w.elements),
              measured, w.unavoidable ? 'UNAVOIDABLE: installed in breach during the plan, replaced by the end of that period'
                                      : ''];
    });
    var node = table(['requirement', 'kind', 'checked', 'without the plan', 'elements', 'with the plan', 'elements',
                      'measured', ''], rows, [false, false, false, false, true, false, true, true, false]);
    node.querySelectorAll('tbody tr').forEach(function (tr) {
      [3, 5].forEach(function (i) { var td = tr.children[i]; td.className = 'status-' + td.textContent; });
    });
    put('projection-table', node);
  }

  function periods() {
    put('periods-table', table(['period', 'budget', 'spend', 'crews', 'visits', 'elements replaced',
                                'designated left', 'with no work', 'planned downtime'],
      data.periods.map(function (p) {
        return [periodName(p), money(p.budget), money(p.spend), p.crews === null ? 'no limit' : num(p.crews),
                num(p.visits), num(p.elements_replaced), num(p.designated_left), num(p.designated_without_plan),
                num(p.planned_outage)];
      }), [false, true, true, true, true, true, true, true, true]));
  }

  function works() {
    if (!data.works.length) return;
    show('section-works');
    text('works-note', data.works_total > data.works.length
      ? 'The first ' + num(data.works.length) + ' of ' + num(data.works_total) +
        ' works (by period, then site); --format json or csv lists them all.'
      : num(data.works_total) + ' works, by period, then site.');
    put('works-table', table(['period', 'site', 'region', 'function', 'elements', 'replacement', 'cost', 'for'],
      data.works.map(function (w) {
        var ids = w.elements.length > 3 ? w.elements.slice(0, 3).join(', ') + ' and ' + (w.elements.length - 3) + ' more'
                                        : w.elements.join(', ');
        return [periodName(data.periods[w.period]), w.site, w.region || '(no region)', w.function,
                w.elements.length + ': ' + ids, w.replacement.vendor + ' ' + w.replacement.model, money(w.cost),
                w.rules.join(', ')];
      }), [false, false, false, false, false, false, true, false]));
  }

  function footer() {
    var f = document.getElementById('footer');
    f.appendChild(el('p', {}, ['Inventory: ' + num(data.inventory.rows_read) + ' rows read, ' +
                               num(data.inventory.rejected) + ' rejected; ' + num(data.model_items) +
                               ' work items; ' + num(data.outage_cuts) + ' outage cuts kept swaps apart.']));
    f.appendChild(el('p', {}, ['Made by kitwatch plan (' + data.schema + '); how the plan is made: docs/plan.md.']));
  }

  verdict();
  caveats();
  cards();
  infeasible();
  exposure();
  spend();
  gantt();
  projection();
  periods();
  works();
  footer();
  document.body.setAttribute('data-ready', 'true');
})();
