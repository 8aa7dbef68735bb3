// Draws the kitwatch HTML report from the JSON data block (the report view, docs/report.md).
// Every text from the data goes into the page through textContent or ECharts labels, never as
// markup. Each chart registers itself in window.kitwatchCharts (the browser test checks them).
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('kitwatch-data').textContent);
  var page = window.kitwatchPage;
  var COLORS = page.COLORS, el = page.el, num = page.num, show = page.show, text = page.text, chart = page.chart,
      table = page.table, shareBars = page.shareBars;
  function pct(x) { return (100 * x).toFixed(1) + '%'; }

  function cards() {
    var box = document.getElementById('cards');
    data.cards.forEach(function (c) {
      var alert = (c.id === 'violations' && c.value !== '0') ||
                  (c.id === 'evaluation_utilisation' && c.detail === 'over capacity');
      box.appendChild(page.card(c.id, c.label, c.value, c.detail, alert ? 'alert' : ''));
    });
  }

  function concentration() {
    var c = data.concentration;
    var o = c.overall;
    text('concentration-summary', 'HHI ' + Math.round(o.hhi.count) + ' by element count (' + Math.round(o.hhi.traffic) +
         ' by traffic, ' + Math.round(o.hhi.subscribers) + ' by subscribers; 0 to 10,000). The top five controllers hold ' +
         pct(o.top5.count) + ' of elements; ' + o.controllers + ' controllers in all. By element count the network is ' +
         c.hhi_words + '.');
    var top = c.controllers.slice(0, 15);
    chart('chart-concentration', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + '%'; } },
      grid: { left: 220, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', name: '%' },
      yAxis: { type: 'category', inverse: true, data: top.map(function (k) { return k.name; }),
               axisLabel: { width: 200, overflow: 'truncate' } },
      series: [{ type: 'bar', name: 'share of elements', data: top.map(function (k) {
        return { value: +(100 * k.share.count).toFixed(2), itemStyle: { color: k.designated ? COLORS.hrv : COLORS.ok } };
      }) }]
    });
    var rows = c.by_function.map(function (f) {
      return [f.name, Math.round(f.hhi.count), pct(f.top1.count), pct(f.top5.count), f.controllers];
    });
    document.getElementById('concentration-table').appendChild(
      table(['function', 'HHI (count)', 'top 1', 'top 5', 'controllers'], rows, [false, true, true, true, true]));
  }

  function designated() {
    if (!data.designated.length) return;
    show('section-designated');
    var box = document.getElementById('designated-list');
    data.designated.forEach(function (d) {
      box.appendChild(el('h3', {}, [d.name + ' (' + d.country + '): ' + pct(d.share.count) + ' of elements']));
      box.appendChild(el('ul', {}, d.designations.map(function (f) {
        return el('li', {}, [f.list + ' since ' + f.added + ' (' + f.source + ')' + (f.verified ? '' : ' [unverified]')]);
      })));
    });
  }

  function timeline(policy) {
    if (!policy.timeline.length) return;
    show('section-timeline');
    var labels = policy.timeline.map(function (t) { var r = policy.rules[t.rule]; return r.pack + ': ' + r.id; });
    var color = { violated: COLORS.hrv, met: '#2e7d4f', pending: '#7f8c8d' };
    chart('chart-timeline', {
      tooltip: { formatter: function (p) {
        var r = policy.rules[policy.timeline[p.dataIndex].rule];
        return echarts.format.encodeHTML(r.title + ' | ' + r.date + ' | ' + r.status);
      } },
      grid: { left: 260, right: 40, top: 20, bottom: 40 },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: labels, inverse: true, axisLabel: { width: 240, overflow: 'truncate' } },
      series: [{ type: 'scatter', symbolSize: 14,
        data: policy.timeline.map(function (t, i) {
          return { value: [t.date, i], itemStyle: { color: color[t.status] || '#555' } };
        }),
        markLine: { symbol: 'none', label: { formatter: 'as of ' + data.meta.as_of },
                    lineStyle: { color: '#1d2733', type: 'dashed' }, data: [{ xAxis: data.meta.as_of }] } }]
    });
    // The figure against its limit, the scope (EMPTY when no element is in it: "met" then means
    // nothing was checked) and the undecided elements (maker or control unknown) beside each status.
    var rows = policy.rules.map(function (r) {
      return [r.pack, r.id, r.title, r.status, r.date || 'always', r.figure,
              r.scope_elements ? num(r.scope_elements) : 'EMPTY', num(r.undecided), num(r.elements)];
    });
    var t = table(['pack', 'rule', 'title', 'status', 'in force from', 'measured (limit)', 'scope', 'undecided',
                   'elements'], rows, [0, 0, 0, 0, 0, 0, 1, 1, 1]);
    Array.prototype.forEach.call(t.tBodies[0].rows, function (tr) {
      tr.cells[3].className = 'status-' + tr.cells[3].textContent;
      if (tr.cells[6].textContent === 'EMPTY') tr.cells[6].className = 'num status-pending';
    });
    document.getElementById('rules-table').appendChild(t);
    var marks = policy.rules.filter(function (r) { return r.assumption; });
    if (marks.length) {
      document.getElementById('rules-table').appendChild(el('ul', { class: 'assumptions' }, marks.map(function (r) {
        return el('li', {}, ['ASSUMPTION (' + r.pack + ' ' + r.id + '): ' + r.assumption]);
      })));
    }
  }

  function evidenceCell(ev, sourceRow) {
    var items = ev.evidence.map(function (e) {
      return el('li', {}, [e.kind + ': ' + e.detail + (e.maker ? ' → ' + e.maker : '') + (e.supports ? '' : ' (does not support)')]);
    });
    var facts = ev.designations.map(function (f) {
      return el('li', {}, [f.list + ' (' + f.authority + ') since ' + f.added + ': ' + f.source]);
    });
    return el('div', { class: 'evidence' }, [
      el('div', {}, ['Made by ' + (ev.maker || 'unknown') + ', controlled by ' + (ev.controller || 'unknown') +
                     ', confidence ' + ev.confidence.toFixed(2) + (ev.flags.length ? ' (' + ev.flags.join(', ') + ')' : '') +
                     '. Source row ' + sourceRow + '.']),
      el('div', {}, ['Evidence:']), el('ul', {}, items),
      el('div', {}, ['Designations:']), el('ul', {}, facts.length ? facts : [el('li', {}, ['none on the chain'])])]);
  }

  function violations(policy) {
    if (!policy.violations.length) return;
    show('section-violations');
    var columns = ['rule', 'element', 'name', 'site', 'region', 'function', 'maker', 'source'];
    var rows = policy.violations.map(function (v) {
      var ev = policy.evidence[v[7]];
      return { cells: [policy.rules[v[0]].id, v[1], v[2], v[3], v[4], v[5], ev.maker, v[6]], rule: v[0], ev: ev };
    });
    rows.forEach(function (r) { r.search = r.cells.join('\u0001').toLowerCase(); });
    var tableNode = document.getElementById('violations-table');
    var tbody = tableNode.tBodies[0];
    var headRow = el('tr', {}, columns.map(function (c) { return el('th', { scope: 'col' }, [c]); }));
    tableNode.tHead.appendChild(headRow);
    var select = document.getElementById('violations-rule');
    var seen = {};
    rows.forEach(function (r) {
      if (seen[r.rule]) return;
      seen[r.rule] = true;
      var rule = policy.rules[r.rule];
      select.appendChild(el('option', { value: String(r.rule) }, [rule.pack + ': ' + rule.id]));
    });
    var sortColumn = -1, sortDir = 1;
    function render() {
      var q = document.getElementById('violations-filter').value.trim().toLowerCase();
      var rule = select.value;
      var shown = rows.filter(function (r) {
        return (!q || r.search.indexOf(q) >= 0) && (rule === '' || String(r.rule) === rule);
      });
      if (sortColumn >= 0) {
        shown.sort(function (a, b) {
          return sortDir * a.cells[sortColumn].localeCompare(b.cells[sortColumn], 'en', { numeric: true });
        });
      }
      tbody.textContent = '';
      shown.forEach(function (r) {
        var tr = el('tr', { class: 'violation', tabindex: '0', title: 'click for the evidence' }, r.cells.map(function (c) {
          return el('td', {}, [c]);
        }));
        tr.addEventListener('click', function () {
          var next = tr.nextSibling;
          if (next && next.className === 'evidence') { tbody.removeChild(next); return; }
          tbody.insertBefore(el('tr', { class: 'evidence' }, [
            (function () { var td = el('td', { colspan: String(columns.length) }, [evidenceCell(r.ev, r.cells[7])]); return td; })()
          ]), tr.nextSibling);
        });
        tbody.appendChild(tr);
      });
      text('violations-count', shown.length + ' of ' + rows.length + ' rows');
    }
    Array.prototype.forEach.call(headRow.cells, function (th, i) {
      th.addEventListener('click', function () {
        sortDir = sortColumn === i ? -sortDir : 1;
        sortColumn = i;
        Array.prototype.forEach.call(headRow.cells, function (h) { h.removeAttribute('aria-sort'); });
        th.setAttribute('aria-sort', sortDir > 0 ? 'ascending' : 'descending');
        render();
      });
    });
    document.getElementById('violations-filter').addEventListener('input', render);
    select.addEventListener('change', render);
    if (policy.violations_total > rows.length) {
      text('violations-note', rows.length + ' of ' + num(policy.violations_total) + ' (rule, element) rows shown; ' +
           'all of them are in the CSV (--format csv: violations.csv) and JSON reports.');
    }
    render();
  }

  function topologyMap(map) {
    if (!map.nodes.length) return;
    show('section-map');
    var note = map.geo ? 'Nodes at their latitude and longitude. ' : 'No coordinates in the inputs: a force-directed layout. ';
    note += 'Designated nodes in red; links touching designated equipment (exposed) drawn heavier.';
    if (map.nodes_omitted || map.links_omitted) {
      note += ' ' + map.nodes_omitted + ' nodes and ' + map.links_omitted + ' links left out (designated nodes are kept first).';
    }
    text('map-note', note);
    var nodes = map.nodes.map(function (n, i) {
      var node = { id: String(i), name: n.id + (n.name ? ' ' + n.name : ''), value: n.function,
                   symbolSize: n.designated ? 12 : 7,
                   itemStyle: { color: n.designated ? COLORS.hrv : COLORS.ok } };
      if (map.geo) { node.x = n.lon; node.y = -n.lat; }
      return node;
    });
    var links = map.links.map(function (l) {
      return { source: String(l[0]), target: String(l[1]),
               lineStyle: l[2] ? { width: 3, color: COLORS.hrv, opacity: 0.8 } : { width: 1, color: '#9aa5b1', opacity: 0.6 } };
    });
    chart('chart-map', {
      tooltip: { formatter: function (p) { return echarts.format.encodeHTML(p.dataType === 'node' ? p.name + ' (' + p.value + ')' : 'link'); } },
      series: [{ type: 'graph', layout: map.geo ? 'none' : (nodes.length <= 800 ? 'force' : 'circular'),
        roam: true, data: nodes, links: links, label: { show: false },
        force: { repulsion: 60, edgeLength: 25, gravity: 0.08, layoutAnimation: false },
        emphasis: { focus: 'adjacency' } }]
    });
  }

  function history(points) {
    show('section-history');
    chart('chart-history', {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + '%'; } },
      legend: { top: 0 },
      grid: { left: 50, right: 60, top: 40, bottom: 50 },
      // Date over label on two lines, every one shown: snapshots are few and each one matters.
      xAxis: { type: 'category', data: points.map(function (p) { return p.taken + '\n' + p.label; }),
               axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: 'value', name: '%' },
      series: [['Designated (elements)', 'count', COLORS.hrv], ['Designated (traffic)', 'traffic', COLORS.traffic],
               ['Designated (subscribers)', 'subscribers', COLORS.subs]].map(function (s) {
        return { name: s[0], type: 'line', itemStyle: { color: s[2] },
                 data: points.map(function (p) { return +(100 * p.designated_share[s[1]]).toFixed(2); }) };
      })
    });
  }

  function extraSections(sections) {
    var box = document.getElementById('extra-sections');
    box.style.display = 'contents';
    sections.forEach(function (s) {
      var children = [el('h2', {}, [s.title])];
      if (s.note) children.push(el('p', { class: 'note' }, [s.note]));
      if (s.figures.length) {
        children.push(el('div', { class: 'cards' }, s.figures.map(function (f) {
          return el('div', { class: 'card' }, [el('div', { class: 'label' }, [f.label]), el('div', { class: 'value' }, [f.value])]);
        })));
      }
      if (s.columns.length) children.push(el('div', { class: 'table-scroll' }, [table(s.columns, s.rows)]));
      box.appendChild(el('section', { class: 'panel wide', id: 'section-' + s.id }, children));
    });
  }

  function footer() {
    var m = data.meta;
    var f = document.getElementById('footer');
    f.appendChild(el('p', {}, ['Registry ' + m.registry.version + ' (' + m.registry.date + '). Designation lists: ' +
      m.lists.map(function (l) { return l.id; }).join(', ') + '.']));
    m.policy_packs.forEach(function (p) {
      f.appendChild(el('p', {}, ['Policy ' + p.name + ' (' + p.jurisdiction + '): ' + p.title + '. Source: ' + p.source]));
    });
    f.appendChild(el('p', {}, ['Inputs: ' + m.files.join(', ') + ': ' + num(m.rows_read) + ' rows read, ' +
      num(m.accepted) + ' accepted, ' + num(m.rejected) + ' rejected. Made by kitwatch; every figure is in the JSON and CSV reports.']));
  }

  text('as-of', 'as of ' + data.meta.as_of);
  cards();
  shareBars('chart-functions', data.functions, false);
  if (data.regions.length) {
    show('section-regions');
    document.getElementById('chart-regions').style.height = Math.max(300, 40 + 26 * Math.min(data.regions.length, 40)) + 'px';
    shareBars('chart-regions', data.regions.slice(0, 40), true);
    var left = data.regions_omitted + Math.max(0, data.regions.length - 40);
    if (left) text('regions-note', left + ' smaller regions not drawn; all are in the CSV (by_region.csv).');
  }
  concentration();
  designated();
  if (data.policy) { timeline(data.policy); violations(data.policy); }
  if (data.map) topologyMap(data.map);
  if (data.history && data.history.length) history(data.history);
  extraSections(data.sections);
  footer();
  document.body.setAttribute('data-ready', 'true');
})();
