// The regulator's views of the kitwatch dashboard (the national picture, the national what-if and
// the operators' latest returns) and the registry look-up anyone signed in may use. A separate file
// because none of it concerns one operator's inventory; it reaches what every view shares through
// window.kitwatchDashboard and registers its views there. Loaded after dashboard.js.
(function () {
  'use strict';
  var page = window.kitwatchPage, D = window.kitwatchDashboard;
  var COLORS = page.COLORS, el = page.el, num = page.num, table = page.table;
  var FUNCTIONS = D.FUNCTIONS, state = D.state, generation = D.generation;
  var $ = D.$, pct = D.pct, clear = D.clear, put = D.put, today = D.today, plural = D.plural, figure = D.figure;
  var api = D.api, showMessage = D.showMessage, fail = D.fail, drawChart = D.drawChart, card = D.card, options = D.options;
  var loadRegistry = D.loadRegistry, showComparison = D.showComparison;

  D.registerViews({
    national: { who: 'regulator', render: renderNational },
    'national-whatif': { who: 'regulator', render: renderNationalWhatif },
    returns: { who: 'regulator', render: renderReturns },
    registry: { who: 'anyone', render: renderRegistry }
  });
  // Signing out empties the scenario being built; its list must say so.
  D.onSignOut(showNationalOps);

  // ---- registry look-up ------------------------------------------------------------------------

  function renderRegistry(gen) {
    if (!$('entity-as-of').value) $('entity-as-of').value = today();
    return loadRegistry().then(function (reg) {
      if (gen !== generation()) return;
      var summary = clear($('registry-summary'));
      summary.appendChild(document.createTextNode('Registry ' + reg.version + ' (' + reg.date + '): ' +
        num(reg.entities) + ' entities, ' + plural(reg.patterns, 'model pattern') +
        ', ' + plural(reg.lists.length, 'designation list') + '. '));
      var unverified = reg.lists.filter(function (l) { return l.unverified > 0; });
      if (unverified.length) {
        summary.appendChild(el('span', { class: 'uncertain-text' }, ['Unverified entries: ' + unverified.map(function (l) {
          return l.id + ' (' + l.unverified + ' of ' + l.entries + ')';
        }).join(', ') + '.']));
      }
    });
  }

  // A table with columns of sentences (sources, notes): those cells wrap instead of stretching it.
  function prose(t, columns) {
    Array.prototype.forEach.call(t.tBodies[0].rows, function (tr) {
      columns.forEach(function (i) { tr.cells[i].classList.add('wrap'); });
    });
    return t;
  }

  function facts(pairs) {
    var dl = el('dl', { class: 'facts' });
    pairs.forEach(function (p) { dl.appendChild(el('dt', {}, [p[0]])); dl.appendChild(el('dd', {}, [p[1]])); });
    return dl;
  }

  function showEntity(e) {
    var box = clear($('entity-result'));
    box.appendChild(el('h4', {}, [e.name + ' (' + e.id + ')']));
    box.appendChild(facts([['kind', e.kind], ['country', e.country || 'unknown'], ['source', e.source],
      ['aliases', (e.aliases || []).join('; ') || '-'],
      ['controlled, as of ' + e.as_of, (e.control_chain || []).join(' → ')]]));
    if (e.parents && e.parents.length) {
      box.appendChild(el('div', { class: 'table-scroll' }, [prose(table(['parent', 'share', 'controls', 'from', 'to', 'source'],
        e.parents.map(function (p) {
          return [p.parent, p.share ? pct(p.share) : '-', p.controls ? 'yes' : 'no', p.from || '-', p.to || '-', p.source];
        })), [5])]));
    }
    var designations = e.designations || [];
    box.appendChild(el('p', {}, [designations.some(function (d) { return d.active; })
      ? 'DESIGNATED as of ' + e.as_of + ' on: ' + designations.filter(function (d) { return d.active; })
          .map(function (d) { return d.list; }).join(', ')
      : 'Not designated as of ' + e.as_of + ' (on this entity itself; a parent may be).']));
    if (designations.length) {
      var t = prose(table(['list', 'added', 'removed', 'active', 'verified', 'source', 'note'], designations.map(function (d) {
        return [d.list, d.added, d.removed || '-', d.active ? 'ACTIVE' : 'no', d.verified ? 'yes' : 'UNVERIFIED', d.source, d.note || ''];
      })), [5, 6]);
      Array.prototype.forEach.call(t.tBodies[0].rows, function (tr) {
        if (tr.cells[4].textContent === 'UNVERIFIED') tr.cells[4].className = 'uncertain';
        if (tr.cells[3].textContent === 'ACTIVE') tr.cells[3].className = 'status-violated';
      });
      box.appendChild(el('div', { class: 'table-scroll' }, [t]));
    }
    if (e.patterns && e.patterns.length) {
      box.appendChild(el('div', { class: 'table-scroll' }, [prose(table(['model pattern', 'family', 'function', 'verified', 'source'],
        e.patterns.map(function (p) { return [p.match, p.family, p.function, p.verified ? 'yes' : 'UNVERIFIED', p.source]; })), [4])]));
    }
  }

  $('entity-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    showMessage('');
    api('GET', '/registry/entities/' + encodeURIComponent($('entity-id').value.trim()) + '?as_of=' +
        encodeURIComponent($('entity-as-of').value)).then(showEntity).catch(function (err) {
      put('entity-result', el('p', { class: 'error' }, [err.message]));
      if (err.status === 401) fail(err);
    });
  });

  function lookUpButton(entity) {
    var b = el('button', { type: 'button' }, ['Look up ' + entity]);
    b.addEventListener('click', function () {
      $('entity-id').value = entity;
      $('entity-form').requestSubmit();
    });
    return b;
  }

  $('match-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    showMessage('');
    var q = new URLSearchParams({ vendor: $('match-vendor').value.trim(), model: $('match-model').value.trim() });
    api('GET', '/registry/match?' + q.toString()).then(function (m) {
      var box = clear($('match-result'));
      if (m.vendor) {
        var v = m.by_vendor;
        box.appendChild(v ? el('p', {}, ['Vendor "' + m.vendor + '": ' + v.entity + ' (' + v.match + ' match of the alias "' +
          v.alias + '", similarity ' + v.similarity.toFixed(2) + ')' + (v.match === 'fuzzy' ? ': a FUZZY match, check it. ' : '. '),
          lookUpButton(v.entity)])
          : el('p', { class: 'uncertain-text' }, ['Vendor "' + m.vendor + '": no registry entity matches: its maker would be UNKNOWN unless the model or a MAC address tells.']));
      }
      if (m.model) {
        var p = m.by_model;
        box.appendChild(p ? el('p', {}, ['Model "' + m.model + '": ' + p.entity + ' (' + p.family + ', pattern ' + p.pattern + '; ' +
          (p.verified ? 'verified' : 'UNVERIFIED') + '; source: ' + p.source + '). ', lookUpButton(p.entity)])
          : el('p', { class: 'uncertain-text' }, ['Model "' + m.model + '": no model pattern matches.']));
      }
    }).catch(function (err) {
      put('match-result', el('p', { class: 'error' }, [err.message]));
      if (err.status === 401) fail(err);
    });
  });

  // ---- the national picture (regulators) -------------------------------------------------------

  function scopeCells(s) {
    return [num(s.total.count), pct(s.designated_share.count), pct(s.designated_share.traffic),
            pct(s.designated_share.subscribers), pct(s.unknown_share.count)];
  }
  var SCOPE_COLUMNS = ['elements', 'designated (count)', 'designated (traffic)', 'designated (subscribers)', 'unknown (count)'];

  function renderNational(gen) {
    $('national-capacity').hidden = true;
    $('national-builds').hidden = true;
    // The operators' names as the server registered them (a return carries only its own label).
    var names = {};
    var registered = api('GET', '/operators').then(function (rows) {
      rows.forEach(function (o) { names[o.id] = o.name; });
    }, function () { /* the returns' own names will do */ });
    return Promise.all([api('GET', '/national?format=json').catch(function (err) {
      if (err.status === 409) { $('national-as-of').textContent = ': ' + err.message; return null; }
      throw err;
    }), registered]).then(function (answers) {
      var data = answers[0];
      if (!data || gen !== generation()) return;
      data.operators.forEach(function (o) { if (names[o.id]) o.name = names[o.id]; });
      $('national-as-of').textContent = 'as of ' + data.as_of + ' · ' + plural(data.operators.length, 'operator') +
        ' · registry ' + data.registry.version + ' (' + data.registry.date + ')';
      var caveats = clear($('national-caveat-list'));
      data.caveats.forEach(function (c) { caveats.appendChild(el('li', {}, [c])); });
      $('national-caveats').hidden = !data.caveats.length;

      var t = data.total, e = data.evaluation;
      var cards = clear($('national-cards'));
      cards.appendChild(card('operators', 'Operators', String(data.operators.length),
        data.operators.filter(function (o) { return o.signed; }).length + ' signed returns',
        data.operators.every(function (o) { return o.signed; }) ? '' : 'uncertain'));
      cards.appendChild(card('elements', 'Elements', num(t.total.count),
        data.rows_rejected ? num(data.rows_rejected) + ' rows REJECTED by operators' : 'no rows rejected', data.rows_rejected ? 'alert' : ''));
      cards.appendChild(card('designated', 'Designated (elements)', pct(t.designated_share.count),
        pct(t.designated_share.subscribers) + ' of subscribers', t.designated_share.count > 0 ? 'alert' : ''));
      cards.appendChild(card('unknown', 'UNKNOWN maker', pct(t.unknown_share.count), 'kept in every denominator',
        t.unknown_share.count > 0 ? 'uncertain' : ''));
      if (e) {
        cards.appendChild(card('evaluation', 'Evaluation load', e.utilisation === null ? 'no capacity' : pct(e.utilisation),
          (e.effective ? 'effective' : 'OVER CAPACITY') + ': ' + num(e.total_load) + ' of ' + num(e.capacity), e.effective ? 'good' : 'alert'));
      }

      if (e) {
        $('national-capacity').hidden = false;
        $('national-capacity-summary').textContent = (e.effective ? 'EFFECTIVE' : 'EXCEEDED') + ': a national load of ' +
          num(e.total_load) + ' against a capacity of ' + num(e.capacity) + ' analyst-days a year' +
          (e.utilisation === null ? '' : ' (' + pct(e.utilisation) + ')') + '. ' + e.shared_builds +
          ' builds are run by more than one operator and evaluated once; the operators\u2019 own loads would add up to ' +
          num(e.operators_load_sum) + '.';
        $('national-assumption').textContent = 'ASSUMPTION: ' + e.assumption;
        var value = e.utilisation === null ? 0 : +(100 * e.utilisation).toFixed(1);
        var max = Math.max(200, Math.ceil(value / 50) * 50);
        drawChart('chart-capacity', function () {
          page.chart('chart-capacity', { series: [{
            type: 'gauge', min: 0, max: max, splitNumber: 4,
            axisLine: { lineStyle: { width: 18, color: [[100 / max, COLORS.green], [1, COLORS.hrv]] } },
            pointer: { width: 5 }, detail: { formatter: '{value}%', fontSize: 22 }, title: { offsetCenter: [0, '70%'] },
            data: [{ value: value, name: 'utilisation' }] }] });
        });
      }

      var ops = data.operators;
      drawChart('chart-operators', function () {
        page.shareBars('chart-operators', ops.map(function (o) {
          return { name: o.name, designated_share: o.total.designated_share, unknown_share: o.total.unknown_share };
        }), false);
      });
      var ruleKeys = data.rules.map(function (r) { return r.pack + '/' + r.rule; });
      var opTable = table(['operator'].concat(SCOPE_COLUMNS, ['rows rejected', 'own evaluation load', 'signed'], ruleKeys),
        ops.map(function (o) {
          return [o.name + ' (' + o.id + ')'].concat(scopeCells(o.total), [num(o.rows_rejected),
            o.own_load === null || o.own_load === undefined ? '-' : num(o.own_load), o.signed ? 'yes' : 'NO'],
            ruleKeys.map(function (k) { var s = o.rules && o.rules[k]; return s === null || s === undefined ? '-' : s; }));
        }), [false, true, true, true, true, true, true, true, false]);
      opTable.id = 'national-operators';
      Array.prototype.forEach.call(opTable.tBodies[0].rows, function (tr, i) {
        tr.setAttribute('data-operator', ops[i].id);
        Array.prototype.forEach.call(tr.cells, function (td) {
          if (['met', 'violated', 'pending'].indexOf(td.textContent) >= 0) td.className = 'status-' + td.textContent;
          if (td.textContent === 'NO') td.className = 'uncertain';
        });
      });
      put('national-operators-table', opTable);

      if (e && e.controllers.length) {
        $('national-builds').hidden = false;
        var rows = [];
        e.controllers.forEach(function (c) {
          c.builds.forEach(function (b) {
            rows.push([c.name, b.model, b.software_version || '(version UNKNOWN)', b.function, num(b.cost), num(b.elements),
                       b.operators.join(', ')]);
          });
        });
        var builds = table(['controller', 'model', 'software version', 'charged as', 'cost', 'elements', 'operators'], rows,
          [false, false, false, false, true, true, false], function (n) { return rows[n][6].indexOf(',') >= 0 ? 'shared' : ''; });
        builds.id = 'national-builds-list';
        put('national-builds-table', builds);
      }

      var used = data.by_function.filter(function (f) { return f.total.count > 0; });
      drawChart('chart-national-functions', function () {
        page.shareBars('chart-national-functions', used.map(function (f) {
          return { name: f.function, designated_share: f.designated_share, unknown_share: f.unknown_share };
        }), false);
      });
      put('national-regions-table', table(['region'].concat(SCOPE_COLUMNS), data.by_region.map(function (r) {
        return [r.region || '(no region)'].concat(scopeCells(r));
      }), [false, true, true, true, true, true]));
      put('national-controllers-table', table(['controller', 'elements', 'share (count)', 'share (subscribers)', ''],
        data.controllers.map(function (c) {
          return [c.name, num(c.measures.count), pct(c.share.count), pct(c.share.subscribers), c.designated ? 'DESIGNATED' : ''];
        }), [false, true, true, true, false]));
      $('national-footer').textContent = 'Designation lists counted: ' + (data.lists.join(', ') || 'none') + '. Returns: ' +
        ops.map(function (o) { return o.id + (o.signed ? ' (signed)' : ' (NOT signed)'); }).join(', ') + '.';
      $('view-national').setAttribute('data-ready', 'true');
    });
  }

  // ---- the national what-if (regulators) --------------------------------------------------------

  // The operators with a return (a scenario can only touch those), into the operator selectors.
  function renderNationalWhatif(gen) {
    var fn = $('nwhatif-add-function');
    if (!fn.options.length) {
      options(fn, FUNCTIONS.map(function (f) { return [f, f]; }));
      options($('nwhatif-remove-function'), [['', 'every function']].concat(FUNCTIONS.map(function (f) { return [f, f]; })));
    }
    showNationalOps();
    return Promise.all([api('GET', '/returns'), loadRegistry()]).then(function (answers) {
      if (gen !== generation()) return;
      var returns = answers[0], reg = answers[1];
      var ops = returns.map(function (r) { return [r.operator, r.operator_name + ' (' + r.operator + ')']; });
      var add = $('nwhatif-add-operator'), remove = $('nwhatif-remove-operator');
      var keep = [add.value, remove.value];
      options(add, ops);
      options(remove, [['', 'every operator']].concat(ops));
      if (keep[0]) add.value = keep[0];
      if (keep[1]) remove.value = keep[1];
      var lists = $('nwhatif-designate-list');
      if (!lists.options.length) options(lists, reg.lists.map(function (l) { return [l.id, l.id + ': ' + l.title]; }));
      $('nwhatif-state').textContent = returns.length
        ? 'On the latest returns of ' + plural(returns.length, 'operator') + '.'
        : 'No operator has sent a return yet: there is nothing to run a scenario on.';
      $('nwhatif-run').disabled = !returns.length || !state.nationalOps.length;
      $('view-national-whatif').setAttribute('data-ready', 'true');
    });
  }

  // One operation in words, from its JSON (the server's own log lines come with the answer).
  function describeOperation(op) {
    if (op.add) {
      var a = op.add;
      return 'add ' + num(a.count) + ' ' + a.maker + (a.model ? ' ' + a.model : '') + ' to ' + a.operator + ' (' + a.function +
        (a.region ? ', ' + a.region : '') + ')' + (a.software_versions ? ', versions ' + a.software_versions.join(', ') : '') +
        (a.traffic !== undefined ? ', traffic ' + figure(a.traffic) + ' each' : '') +
        (a.subscribers !== undefined ? ', ' + figure(a.subscribers) + ' subscribers each' : '');
    }
    if (op.remove) {
      var r = op.remove;
      return 'remove ' + r.maker + ' from ' + (r.operator || 'every operator') + (r.function ? ' (' + r.function + ')' : '');
    }
    var d = op.designate;
    return 'designate ' + d.entity + ' on ' + d.list + ' from ' + d.from;
  }

  function showNationalOps() {
    var list = clear($('nwhatif-ops'));
    state.nationalOps.forEach(function (op, i) {
      var drop = el('button', { type: 'button', class: 'small', 'aria-label': 'Take out operation ' + (i + 1) }, ['Take out']);
      drop.addEventListener('click', function () {
        state.nationalOps.splice(i, 1);
        showNationalOps();
        $(state.nationalOps.length ? 'nwhatif-run' : 'nwhatif-add-operator').focus();
      });
      list.appendChild(el('li', { 'data-kind': Object.keys(op)[0] }, [el('span', {}, [describeOperation(op)]), ' ', drop]));
    });
    $('nwhatif-empty').hidden = state.nationalOps.length > 0;
    $('nwhatif-run').disabled = !state.nationalOps.length;
  }

  function addNationalOp(op) {
    showMessage('');
    state.nationalOps.push(op);
    showNationalOps();
  }

  function optionalNumber(id) {
    var v = $(id).value.trim();
    return v === '' ? undefined : Number(v);
  }

  $('nwhatif-add-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var add = { operator: $('nwhatif-add-operator').value, count: Number($('nwhatif-add-count').value),
                maker: $('nwhatif-add-maker').value.trim(), function: $('nwhatif-add-function').value };
    var model = $('nwhatif-add-model').value.trim(), region = $('nwhatif-add-region').value.trim();
    var versions = $('nwhatif-add-versions').value.split(',').map(function (v) { return v.trim(); })
      .filter(function (v) { return v; });
    if (model) add.model = model;
    if (versions.length) add.software_versions = versions;
    if (region) add.region = region;
    var traffic = optionalNumber('nwhatif-add-traffic'), subscribers = optionalNumber('nwhatif-add-subscribers');
    if (traffic !== undefined) add.traffic = traffic;
    if (subscribers !== undefined) add.subscribers = subscribers;
    if (!add.operator) { showMessage('Add: no operator has sent a return.'); return; }
    addNationalOp({ add: add });
  });

  $('nwhatif-remove-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var remove = { maker: $('nwhatif-remove-maker').value.trim() };
    if ($('nwhatif-remove-operator').value) remove.operator = $('nwhatif-remove-operator').value;
    if ($('nwhatif-remove-function').value) remove.function = $('nwhatif-remove-function').value;
    addNationalOp({ remove: remove });
  });

  $('nwhatif-designate-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    addNationalOp({ designate: { entity: $('nwhatif-designate-entity').value.trim(), list: $('nwhatif-designate-list').value,
                                 from: $('nwhatif-designate-from').value, source: 'national what-if from the dashboard' } });
  });

  $('nwhatif-clear').addEventListener('click', function () {
    state.nationalOps = [];
    $('nwhatif-notes-input').value = '';
    showNationalOps();
    $('nwhatif-result').hidden = true;
  });

  // The scenario in the language of `kitwatch national --scenario` files (docs/national.md), as JSON.
  $('nwhatif-scenario').addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (!state.nationalOps.length) { showMessage('Add at least one operation to the scenario.'); return; }
    showMessage('');
    var body = { scenario: 'dashboard', title: 'National what-if from the dashboard', operations: state.nationalOps.slice() };
    var notes = $('nwhatif-notes-input').value.split('\n').map(function (n) { return n.trim(); })
      .filter(function (n) { return n; });
    if (notes.length) body.notes = notes;
    $('nwhatif-result').setAttribute('data-ready', 'false');
    $('nwhatif-run').disabled = true;
    var gen = generation();
    api('POST', '/national/whatif', body).then(function (answer) {
      if (gen === generation()) showComparison('nwhatif', answer);
    }).catch(fail).then(function () { $('nwhatif-run').disabled = !state.nationalOps.length; });
  });

  function renderReturns(gen) {
    return api('GET', '/returns').then(function (rows) {
      if (gen !== generation()) return;
      var t = table(['operator', 'as of', 'received', 'signed', 'sent by', 'sha256'], rows.map(function (r) {
        return [r.operator_name + ' (' + r.operator + ')', r.as_of, r.received, r.signed ? 'yes' : 'NO', r.uploaded_by,
                String(r.digest).slice(0, 16) + '…'];
      }));
      t.id = 'returns-list';
      Array.prototype.forEach.call(t.tBodies[0].rows, function (tr) {
        if (tr.cells[3].textContent === 'NO') tr.cells[3].className = 'uncertain';
      });
      put('returns-table', rows.length ? t : el('p', { class: 'note' }, ['No operator has sent a return yet.']));
    });
  }
})();
