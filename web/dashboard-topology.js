// The topology view of the kitwatch dashboard: what the links uploaded for an inventory make of it
// (the graph's figures, the supplier-loss scenarios, the designated articulation points) and the map
// of the graph. A separate file because the map and its tables are a world of their own, sharing
// only the core's helpers (window.kitwatchDashboard, where it registers its view). Loaded after
// dashboard.js.
(function () {
  'use strict';
  var page = window.kitwatchPage, D = window.kitwatchDashboard;
  var COLORS = page.COLORS, el = page.el, num = page.num, table = page.table;
  var generation = D.generation, $ = D.$, clear = D.clear, put = D.put, plural = D.plural;
  var api = D.api, invPath = D.invPath, may = D.may, drawChart = D.drawChart, narrow = D.narrow, card = D.card;
  var withInventory = D.withInventory;

  D.registerViews({ topology: { who: 'operator', inventory: true, render: renderTopology } });

  // ---- topology (the links uploaded for an inventory) ----------------------------------------------

  // The graph figures, in the order the cards show them: [key, label, detail, class when above zero].
  var GRAPH_CARDS = [
    ['graph_nodes', 'Graph nodes', 'infrastructure: link endpoints, core, their uplinks', ''],
    ['hanging_elements', 'Hanging elements', 'customer equipment hanging off a node by its uplink', ''],
    ['elements', 'Elements', 'in the inventory', ''],
    ['links', 'Links', 'accepted link rows', ''],
    ['adjacencies', 'Adjacencies', 'node pairs joined, after merging', ''],
    ['uplink_links', 'Uplink links', 'graph nodes joined by their uplink', ''],
    ['parallel_links_merged', 'Parallel links merged', 'between the same two nodes', ''],
    ['self_loops_ignored', 'Self-loops ignored', 'links from a node to itself', ''],
    ['components', 'Components', 'connected parts of the graph', ''],
    ['unattached_elements', 'UNATTACHED elements', 'no uplink and no link: they reach no core', 'uncertain'],
    ['uplink_loop_elements', 'Elements in uplink LOOPS', 'on or below a loop: counted as cut off', 'uncertain']
  ];
  var MAX_NODES = 2000;
  var NEUTRAL = '#7b8ea3';

  function renderTopology(gen) {
    $('topology-none').hidden = true;
    $('topology-body').hidden = true;
    $('view-topology').setAttribute('data-ready', 'false');
    return withInventory(gen, 'topology-state', function (inv) {
      if (!inv.links_name) {
        var text = clear($('topology-none-text'));
        text.appendChild(document.createTextNode('No links have been uploaded for ' + inv.name + ' (#' + inv.id +
          ') yet: the topology needs them. '));
        text.appendChild(may('uploader') ? el('a', { href: '#/upload', id: 'topology-upload-links' }, ['Upload its links on the Upload view.'])
          : document.createTextNode('An analyst of the operator can upload them.'));
        $('topology-none').hidden = false;
        $('view-topology').setAttribute('data-ready', 'true');
        return null;
      }
      var path = invPath(inv.id) + '/topology';
      return Promise.all([api('GET', path), api('GET', path + '/graph?max_nodes=' + MAX_NODES).catch(function (err) {
        if (err.status === 401) throw err;
        return { error: err };
      })]).then(function (answers) {
        if (gen !== generation()) return;
        showTopology(inv, answers[0], answers[1]);
      });
    });
  }

  function showTopology(inv, t, graph) {
    $('topology-body').hidden = false;
    $('topology-state').textContent += '; links ' + inv.links_name;
    var g = t.graph || {}, links = (t.inputs && t.inputs.links) || { rows_read: 0, accepted: 0, rejected: 0, first_errors: [] };
    var box = clear($('topology-cards'));
    GRAPH_CARDS.forEach(function (c) {
      if (g[c[0]] === undefined) return;
      box.appendChild(card('graph-' + c[0], c[1], num(g[c[0]]), c[2], g[c[0]] > 0 ? c[3] : ''));
    });
    box.appendChild(card('links-read', 'Link rows read', num(links.rows_read), 'from ' + inv.links_name));
    box.appendChild(card('links-rejected', 'Link rows REJECTED', num(links.rejected),
      links.rejected ? 'not in the graph: the figures are uncertain' : 'none', links.rejected ? 'alert uncertain' : ''));
    var errors = clear($('topology-links-error-list'));
    (links.first_errors || []).forEach(function (e) {
      // The server's own file name is its business: the uploaded name, the row's line and column are what help.
      var where = String(e.where || '').replace(/^.*[\/\\][0-9a-f]{16}\.links\.csv(?=:)/, inv.links_name);
      errors.appendChild(el('li', { class: 'uncertain-text' }, [where + ': ' + (e.reason ? e.reason + ': ' : '') + (e.message || '')]));
    });
    if (links.rejected > (links.first_errors || []).length) {
      errors.appendChild(el('li', {}, ['and ' + plural(links.rejected - (links.first_errors || []).length, 'more rejected row') + '.']));
    }
    $('topology-links-errors').hidden = !links.rejected;

    put('topology-loss', lossTable(t.supplier_loss || []));
    var a = t.articulation || { articulation_points: 0, designated_articulation_points: 0, designated: [] };
    $('topology-articulation-summary').textContent = plural(a.articulation_points, 'articulation point') + ' (an element whose loss alone splits the network), ' +
      num(a.designated_articulation_points) + ' of them designated; ranked by what each one\u2019s loss separates from the core.';
    var ranked = a.designated || [];
    var at = table(['element', 'function', 'maker', 'elements separated', 'subscribers separated', 'demands separated', 'volume separated'],
      ranked.map(function (p) {
        return [p.element, p.function, p.maker || 'UNKNOWN', num(p.elements_separated), num(p.subscribers_separated),
                num(p.demands_separated), num(p.volume_separated)];
      }), [false, false, false, true, true, true, true]);
    at.id = 'topology-articulation-list';
    Array.prototype.forEach.call(at.tBodies[0].rows, function (tr, i) {
      tr.setAttribute('data-element', ranked[i].element);
      if (!ranked[i].maker) tr.cells[2].className = 'uncertain';
    });
    put('topology-articulation', ranked.length ? at : el('p', { class: 'note' }, ['No designated element is an articulation point.']));

    showMap(graph);
    $('view-topology').setAttribute('data-ready', 'true');
  }

  // One row per scenario (all functions), then its functions with anything removed or cut off.
  function lossTable(scenarios) {
    var measures = ['count', 'traffic', 'subscribers'];
    var head = ['scenario', 'function'];
    ['removed', 'cut off'].forEach(function (w) { measures.forEach(function (m) { head.push(w + ' (' + m + ')'); }); });
    head.push('already cut off (count)', 'demands disconnected', 'orphaned components');
    var rows = [], meta = [];
    scenarios.forEach(function (sc) {
      var cells = function (x) {
        return measures.map(function (m) { return num(x.removed[m]); }).concat(measures.map(function (m) { return num(x.cut_off[m]); }),
          [num(x.cut_off_before ? x.cut_off_before.count : 0)]);
      };
      rows.push([sc.scenario, 'all'].concat(cells(sc), [num(sc.demands_disconnected || 0), num(sc.orphaned_components || 0)]));
      meta.push({ scenario: sc.scenario, scope: 'all' });
      Object.keys(sc.by_function || {}).forEach(function (fn) {
        var f = sc.by_function[fn];
        if (!f.removed.count && !f.cut_off.count && !(f.cut_off_before && f.cut_off_before.count)) return;
        rows.push(['', fn].concat(cells(f), ['', '']));
        meta.push({ scenario: sc.scenario, scope: fn });
      });
    });
    if (!rows.length) return el('p', { class: 'note' }, ['No supplier-loss scenario.']);
    var numeric = head.map(function (h, i) { return i >= 2; });
    var t = table(head, rows, numeric, function (n) { return meta[n].scope === 'all' ? 'total' : ''; });
    t.id = 'topology-loss-list';
    Array.prototype.forEach.call(t.tBodies[0].rows, function (tr, n) {
      tr.setAttribute('data-scenario', meta[n].scenario);
      tr.setAttribute('data-scope', meta[n].scope);
      tr.cells[5].setAttribute('data-metric', 'cut_off_count');
      tr.cells[2].setAttribute('data-metric', 'removed_count');
    });
    return t;
  }

  // The graph from .../topology/graph: designated nodes red, others neutral, articulation points
  // larger with a dark border (four categories, so the legend says all of it).
  function showMap(graph) {
    var chartNode = $('chart-topology'), note = $('topology-map-note');
    chartNode.hidden = true;
    if (graph && graph.error) {
      note.textContent = 'The map could not be drawn: ' + graph.error.message;
      return;
    }
    var hanging = num(graph.hanging_elements) + ' hanging elements (customer equipment) are not drawn.';
    if (!graph.drawn) {
      note.textContent = 'The graph has ' + num(graph.graph_nodes) + ' nodes, more than ' + num(MAX_NODES) +
        ': too large to draw. The figures and tables have all of it.';
      chartNode.setAttribute('data-drawn', 'false');
      return;
    }
    chartNode.hidden = false;
    chartNode.setAttribute('data-drawn', 'true');
    var nodes = graph.nodes || [], force = nodes.length <= 400;
    note.textContent = num(nodes.length) + ' graph nodes and ' + num((graph.edges || []).length) + ' edges (' +
      (force ? 'force layout' : 'circular layout: too many nodes for the force layout') + '); ' + hanging +
      ' Drag to move, scroll to zoom; the legend hides a kind.';
    var categories = [['designated', COLORS.hrv, false], ['not designated', NEUTRAL, false],
                      ['designated articulation point', COLORS.hrv, true], ['articulation point', NEUTRAL, true]];
    var data = nodes.map(function (n) {
      var c = (n.designated ? 0 : 1) + (n.articulation ? 2 : 0);
      return { name: n.id, category: c, symbolSize: n.articulation ? 16 : 8, node: n };
    });
    var links = (graph.edges || []).map(function (e) { return { source: e[0], target: e[1] }; });
    chartNode.style.height = '';
    drawChart('chart-topology', function () {
      page.chart('chart-topology', {
        tooltip: { formatter: function (p) {
          if (p.dataType === 'edge') {
            return el('div', {}, [nodes[p.data.source].id + ' \u2014 ' + nodes[p.data.target].id]);
          }
          var n = p.data.node;
          return el('div', {}, [el('strong', {}, [n.id]), el('br'), 'function: ' + n.function, el('br'),
            'maker: ' + (n.maker || 'UNKNOWN'), el('br'), 'region: ' + (n.region || '(none)'), el('br'),
            (n.designated ? 'DESIGNATED' : 'not designated') + (n.articulation ? ', articulation point' : '')]);
        } },
        legend: { top: 0, data: categories.map(function (c) { return c[0]; }) },
        series: [{
          type: 'graph', layout: force ? 'force' : 'circular', roam: true, draggable: force,
          top: narrow() ? 90 : 50, bottom: 10, left: 10, right: 10,
          force: narrow() ? { repulsion: 25, edgeLength: [5, 20], gravity: 0.15, layoutAnimation: false }
            : { repulsion: 60, edgeLength: [10, 40], gravity: 0.08, layoutAnimation: false },
          circular: { rotateLabel: false },
          categories: categories.map(function (c) {
            return { name: c[0], itemStyle: c[2] ? { color: c[1], borderColor: '#1d2733', borderWidth: 2.5 } : { color: c[1] } };
          }),
          data: data, links: links,
          lineStyle: { color: '#aab4bf', width: 1, opacity: 0.8 },
          emphasis: { focus: 'adjacency', lineStyle: { width: 2 } },
          label: { show: false }
        }]
      });
    });
  }
})();
