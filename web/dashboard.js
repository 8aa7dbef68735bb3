// The kitwatch dashboard (served by `kitwatch serve` at /): sign-in with the session cookie, then
// hash-routed views over the HTTP API (docs/server.md). Plain DOM, no framework and no build step,
// like report.js; every text from the server reaches the page through textContent (page.el) or an
// ECharts label, never as markup. Charts are drawn through window.kitwatchPage.chart so that
// window.kitwatchCharts holds them (the browser test checks each one drew).
(function () {
  'use strict';
  var page = window.kitwatchPage;
  var COLORS = page.COLORS, el = page.el, num = page.num, table = page.table;
  var API = '/api/v1';
  var FUNCTIONS = ['core', 'transport', 'aggregation', 'access', 'ran', 'cpe', 'management', 'other'];

  // Everything the signed-in user's pages share; reset at sign-out so nothing leaks to the next user.
  var state;
  function resetState() {
    state = { user: null, csrf: '', inventories: null, inventory: null, summaries: {}, policies: null, registry: null,
              filtersFor: null, sort: 'element', desc: false, page: 1, nationalOps: [] };
  }
  resetState();
  // Each route() call starts a generation; an answer arriving for an older one is dropped, so a
  // slow request never draws over the view the user moved on to.
  var generation = 0;

  function $(id) { return document.getElementById(id); }
  function pct(x) { return (100 * x).toFixed(2) + '%'; }
  function clear(node) { node.textContent = ''; return node; }
  function put(id, child) { clear($(id)).appendChild(child); }
  function today() { return new Date().toISOString().slice(0, 10); }
  function plural(n, word) { return num(n) + ' ' + word + (n === 1 ? '' : 's'); }
  // Measured figures and limits: shares are fractions, counts are whole.
  function figure(x) {
    if (x === null || x === undefined) return '-';
    if (typeof x !== 'number') return String(x);
    return Number.isInteger(x) ? num(x) : x.toLocaleString('en-GB', { maximumFractionDigits: 4 });
  }

  // ---- talking to the server -------------------------------------------------------------------

  // One JSON call. Writes carry the CSRF token the session gave (the server refuses them without).
  // A refusal becomes an Error carrying the server's own message, status and code.
  function api(method, path, body) {
    var headers = { Accept: 'application/json' };
    var init = { method: method, credentials: 'same-origin', headers: headers };
    if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    return fetch(API + path, init).then(function (res) {
      return res.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        if (!res.ok) throw apiError(res.status, data);
        return data;
      });
    });
  }
  function apiError(status, data) {
    var e = data && data.error ? data.error : {};
    var err = new Error(e.message || 'the server answered ' + status);
    err.status = status;
    err.code = e.code || '';
    return err;
  }
  function opPath() { return '/operators/' + encodeURIComponent(state.user.operator); }
  function invPath(id) { return opPath() + '/inventories/' + id; }

  function showMessage(text) { var m = $('message'); m.textContent = text; m.hidden = !text; }
  // Every failed request ends here: an ended session goes back to the sign-in form, anything else
  // is said in the message bar, in the server's words.
  function fail(err) {
    if (err && err.status === 401 && state.user) {
      signedOut('Your session has ended: sign in again.');
      return;
    }
    showMessage(err && err.message ? err.message : String(err));
  }

  // ---- charts ----------------------------------------------------------------------------------

  // Every chart is drawn through here: an older instance on the node is disposed first (a view is
  // drawn again when it is shown again).
  function drawChart(id, draw) {
    var node = $(id);
    var old = echarts.getInstanceByDom(node);
    if (old) old.dispose();
    delete page.charts[id];
    draw();
  }
  function narrow() { return window.innerWidth < 640; }
  // Designated and unknown share bars of scopes ({name, designated_share, unknown_share}), one row of
  // bars per scope, with room for the legend when it wraps on a phone.
  function shareChart(id, scopes) {
    $(id).style.height = (110 + 44 * scopes.length) + 'px';
    drawChart(id, function () { page.shareBars(id, scopes, true); });
    var instance = page.charts[id];
    if (instance && narrow()) {
      instance.setOption({ grid: { left: 110, top: 100 }, yAxis: { axisLabel: { width: 100 } } });
    }
  }
  function disposeCharts() {
    Object.keys(page.charts).forEach(function (id) { page.charts[id].dispose(); delete page.charts[id]; });
  }

  // ---- sign-in, header and routing -------------------------------------------------------------

  var VIEWS = {
    overview: { who: 'operator', inventory: true, render: renderOverview },
    violations: { who: 'operator', inventory: true, render: renderViolations },
    history: { who: 'operator', render: renderHistory },
    upload: { who: 'uploader', render: renderUpload },
    topology: { who: 'operator', inventory: true, render: renderTopology },
    whatif: { who: 'operator', inventory: true, render: renderWhatif },
    compare: { who: 'operator', render: renderCompare },
    national: { who: 'regulator', render: renderNational },
    'national-whatif': { who: 'regulator', render: renderNationalWhatif },
    returns: { who: 'regulator', render: renderReturns },
    registry: { who: 'anyone', render: renderRegistry },
    none: { who: 'anyone' }
  };
  function may(who) {
    var u = state.user;
    if (!u) return false;
    if (who === 'anyone') return true;
    if (who === 'operator') return !!u.operator;
    if (who === 'uploader') return !!u.operator && (u.role === 'analyst' || u.role === 'admin');
    if (who === 'regulator') return u.role === 'regulator';
    return false;
  }
  function defaultView() {
    if (may('operator')) return 'overview';
    if (may('regulator')) return 'national';
    return 'none';
  }
  function hashView() {
    var name = location.hash.replace(/^#\/?/, '').split('/')[0];
    return VIEWS.hasOwnProperty(name) && may(VIEWS[name].who) ? name : defaultView();
  }

  function showView(name) {
    document.querySelectorAll('main > .view').forEach(function (v) { v.hidden = v.id !== 'view-' + name; });
    document.querySelectorAll('#nav a').forEach(function (a) {
      if (a.getAttribute('href') === '#/' + name) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
    });
    $('context').hidden = !(VIEWS[name] && VIEWS[name].inventory);
  }

  function route() {
    var gen = ++generation;
    showMessage('');
    if (!state.user) { showView('signin'); return; }
    var name = hashView();
    if (location.hash !== '#/' + name) history.replaceState(null, '', '#/' + name);
    showView(name);
    if (VIEWS[name].render) {
      Promise.resolve().then(function () { return VIEWS[name].render(gen); }).catch(fail);
    }
  }

  function signedIn(session) {
    state.user = session.user;
    state.csrf = session.csrf;
    var u = session.user;
    $('who-name').textContent = u.name;
    $('who-role').textContent = u.role;
    $('who-operator').textContent = u.operator ? ' of ' + u.operator : (u.role === 'admin' ? ' (server)' : '');
    $('who').hidden = false;
    $('nav').hidden = false;
    document.querySelectorAll('#nav li').forEach(function (li) { li.hidden = !may(li.getAttribute('data-for')); });
    var name = hashView();
    if (location.hash !== '#/' + name) location.hash = '#/' + name;  // hashchange routes
    else route();
  }

  function signedOut(message) {
    resetState();
    ++generation;
    disposeCharts();
    // The last user's figures go with them, not just out of sight.
    document.querySelectorAll('.dyn').forEach(clear);
    clear($('violations-table').tBodies[0]);
    ['inventory-select', 'links-inventory', 'compare-from', 'compare-to', 'nwhatif-add-operator', 'nwhatif-remove-operator']
      .forEach(function (id) { clear($(id)); });
    ['overview-body', 'whatif-result', 'national-caveats', 'national-capacity', 'national-builds', 'upload-progress',
     'compare-result', 'nwhatif-result', 'links-progress', 'topology-none', 'topology-body', 'topology-links-errors']
      .forEach(function (id) { $(id).hidden = true; });
    $('nwhatif-notes-input').value = '';
    showNationalOps();
    $('upload-status').textContent = '';
    $('links-status').textContent = '';
    $('who').hidden = true;
    $('nav').hidden = true;
    history.replaceState(null, '', location.pathname);
    showView('signin');
    showMessage(message || '');
    $('signin-name').focus();
  }

  $('signin-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var button = $('signin-submit');
    button.disabled = true;
    $('signin-error').textContent = '';
    api('POST', '/session', { name: $('signin-name').value, password: $('signin-password').value })
      .then(function (session) {
        $('signin-password').value = '';
        signedIn(session);
      }, function (err) { $('signin-error').textContent = err.message; })
      .then(function () { button.disabled = false; });
  });

  $('sign-out').addEventListener('click', function () {
    api('DELETE', '/session').catch(function () { /* signed out either way */ }).then(function () {
      signedOut('Signed out.');
    });
  });

  window.addEventListener('hashchange', route);

  // ---- the operator's inventories --------------------------------------------------------------

  function loadInventories() {
    return api('GET', opPath() + '/inventories').then(function (rows) {
      state.inventories = rows;
      var ids = rows.map(function (r) { return r.id; });
      if (ids.indexOf(state.inventory) < 0) {
        var done = rows.filter(function (r) { return r.state === 'done'; });
        state.inventory = done.length ? done[done.length - 1].id : (rows.length ? rows[rows.length - 1].id : null);
      }
      var select = clear($('inventory-select'));
      rows.slice().reverse().forEach(function (r) {
        var option = el('option', { value: String(r.id) }, ['#' + r.id + ' ' + r.name + ' (as of ' + r.as_of + ')' +
          (r.links_name ? ' + links' : '') + (r.state === 'done' ? '' : ': ' + (r.state || 'no job'))]);
        option.selected = r.id === state.inventory;
        select.appendChild(option);
      });
      $('inventory-note').textContent = !rows.length ? '' : rows.length === 1 ? '1 inventory uploaded' : num(rows.length) + ' inventories uploaded';
      return rows;
    });
  }

  $('inventory-select').addEventListener('change', function () {
    state.inventory = Number(this.value);
    state.page = 1;
    route();
  });

  function summaryOf(id) {
    if (state.summaries[id]) return Promise.resolve(state.summaries[id]);
    return api('GET', invPath(id) + '/assessment').then(function (s) { state.summaries[id] = s; return s; });
  }

  // Runs body(inventory, summary) for the selected inventory once its assessment is done; otherwise
  // says where the inventory is (none yet, queued, running, failed with the engine's message).
  function withInventory(gen, stateNode, body) {
    var note = $(stateNode);
    return loadInventories().then(function (rows) {
      if (gen !== generation) return null;
      var inv = rows.filter(function (r) { return r.id === state.inventory; })[0];
      if (!inv) {
        note.textContent = 'No inventory has been uploaded yet' + (may('uploader') ? ': upload one.' : '.');
        return null;
      }
      if (inv.state !== 'done') {
        note.textContent = 'The assessment of ' + inv.name + ' is ' + (inv.state || 'not started') + '.';
        if (inv.state === 'failed' && inv.job) {
          return api('GET', opPath() + '/jobs/' + inv.job).then(function (job) {
            if (gen === generation) note.textContent = 'The assessment of ' + inv.name + ' FAILED: ' + job.error;
            return null;
          });
        }
        return null;
      }
      return summaryOf(inv.id).then(function (summary) {
        if (gen !== generation) return null;
        note.textContent = inv.name + ' (#' + inv.id + '), as of ' + summary.as_of + ', uploaded ' + inv.uploaded +
          ' by ' + inv.uploaded_by + (inv.policies && inv.policies.length ? '; policy ' + inv.policies.join(', ') : '; no policy');
        return body(inv, summary);
      });
    });
  }

  // ---- overview --------------------------------------------------------------------------------

  function card(id, label, value, detail, cls) {
    return el('div', { class: 'card' + (cls ? ' ' + cls : ''), 'data-card': id }, [
      el('div', { class: 'label' }, [label]), el('div', { class: 'value' }, [value]),
      el('div', { class: 'detail' }, [detail])]);
  }

  function scopesOf(map, order) {
    var names = Object.keys(map || {}).filter(function (k) { return k !== 'all'; });
    if (order) names.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    return names.map(function (k) {
      return { name: k || '(no region)', designated_share: map[k].designated_share, unknown_share: map[k].unknown_share };
    });
  }

  function renderOverview(gen) {
    $('overview-body').hidden = true;
    return withInventory(gen, 'overview-state', function (inv, s) {
      $('overview-body').hidden = false;
      var rows = s.rows, all = s.shares.all;
      var box = clear($('cards'));
      box.appendChild(card('rows-read', 'Rows read', num(rows.read), 'from ' + inv.name));
      box.appendChild(card('rows-accepted', 'Rows accepted', num(rows.accepted), 'every figure below counts these'));
      box.appendChild(card('rows-rejected', 'Rows REJECTED', num(rows.rejected),
        rows.rejected ? 'not in any figure: the verdict is incomplete' : 'none', rows.rejected ? 'alert' : ''));
      // The verdict is the server's; "compliant" is shown only when it says so and nothing was rejected.
      var v = s.verdict, outcome = v ? v.outcome : 'none';
      if (outcome === 'compliant' && rows.rejected > 0) outcome = 'incomplete';
      var verdict = !v ? card('verdict', 'Verdict', 'NO VERDICT', 'no policy pack was named at upload: no rule was checked', 'uncertain')
        : card('verdict', 'Verdict', outcome.toUpperCase(), v.sentence,
               outcome === 'compliant' ? 'good' : outcome === 'incomplete' ? 'alert uncertain' : 'alert');
      verdict.setAttribute('data-outcome', outcome);
      box.appendChild(verdict);
      box.appendChild(card('designated', 'Designated (elements)', pct(all.designated_share.count),
        pct(all.designated_share.traffic) + ' of traffic, ' + pct(all.designated_share.subscribers) + ' of subscribers',
        all.designated_share.count > 0 ? 'alert' : ''));
      box.appendChild(card('unknown', 'UNKNOWN maker (elements)', pct(all.unknown_share.count),
        pct(all.unknown_share.traffic) + ' of traffic, ' + pct(all.unknown_share.subscribers) +
        ' of subscribers; kept in every denominator', all.unknown_share.count > 0 ? 'uncertain' : ''));
      box.appendChild(card('elements', 'Elements', num(all.total.count),
        num(all.total.traffic) + ' traffic, ' + num(all.total.subscribers) + ' subscribers'));

      shareChart('chart-functions', scopesOf(s.shares, FUNCTIONS));
      var regions = scopesOf(s.regions);
      $('regions-panel').hidden = !s.regions;
      if (s.regions) {
        regions.sort(function (a, b) { return a.name < b.name ? -1 : a.name > b.name ? 1 : 0; });
        $('regions-note').textContent = regions.length > 40 ? (regions.length - 40) + ' more regions are not drawn.' : '';
        shareChart('chart-regions', regions.slice(0, 40));
      }

      var ruleRows = (s.rules || []).map(function (r) {
        return [r.pack, r.rule, r.status, figure(r.measured), figure(r.limit), figure(r.scope_elements), figure(r.elements)];
      });
      var rules = ruleRows.length ? table(['pack', 'rule', 'status', 'measured', 'limit', 'elements in scope', 'elements concerned'],
        ruleRows, [false, false, false, true, true, true, true]) : el('p', { class: 'note' }, ['No policy pack: no rules.']);
      if (ruleRows.length) {
        Array.prototype.forEach.call(rules.tBodies[0].rows, function (tr) { tr.cells[2].className = 'status-' + tr.cells[2].textContent; });
      }
      put('rules-table', rules);

      var exports = clear($('exports'));
      [['json', 'JSON report'], ['md', 'Markdown report'], ['html', 'HTML report']].forEach(function (f) {
        exports.appendChild(el('a', { href: API + invPath(inv.id) + '/export?format=' + f[0], download: '' }, [f[1]]));
      });
      exports.appendChild(el('a', { href: '#/violations' }, [plural(s.findings || 0, 'violation row') + ' →']));
    });
  }

  // ---- violations ------------------------------------------------------------------------------

  // The element and its evidence first: on a phone they are what shows before scrolling sideways.
  var VIOLATION_COLUMNS = ['element', 'rule', 'status', 'maker', 'controller', 'source', 'function', 'region', 'severity', 'pack'];
  var FILTERS = [['rule', 'filter-rule'], ['function', 'filter-function'], ['region', 'filter-region'],
                 ['maker', 'filter-maker'], ['status', 'filter-status']];

  (function violationHead() {
    var row = el('tr', {}, VIOLATION_COLUMNS.map(function (c) {
      var button = el('button', { type: 'button', class: 'sort', 'data-column': c }, [c]);
      button.addEventListener('click', function () {
        state.desc = state.sort === c ? !state.desc : false;
        state.sort = c;
        state.page = 1;
        loadViolations(generation).catch(fail);
      });
      return el('th', { scope: 'col' }, [button]);
    }));
    $('violations-table').tHead.appendChild(row);
  })();

  // One violation row (the violations table's, the compare view's): a blank maker, controller or
  // region is said, and marked uncertain.
  function violationRow(v) {
    return el('tr', { class: 'violation' }, VIOLATION_COLUMNS.map(function (c) {
      var value = v[c], cls = c === 'status' ? 'status-' + value : '';
      if (!value && (c === 'maker' || c === 'controller' || c === 'region')) {
        value = c === 'maker' ? 'UNKNOWN' : c === 'controller' ? 'unknown control' : '(no region)';
        cls = 'uncertain';
      }
      return el('td', { class: cls, 'data-column': c }, [value]);
    }));
  }
  function violationHeadRow() {
    return el('tr', {}, VIOLATION_COLUMNS.map(function (c) { return el('th', { scope: 'col' }, [c]); }));
  }

  function options(select, pairs) {
    clear(select);
    pairs.forEach(function (p) { select.appendChild(el('option', { value: p[0] }, [p[1]])); });
  }

  function fillFilters(inv, s) {
    if (state.filtersFor === inv.id) return;
    state.filtersFor = inv.id;
    state.page = 1;
    var seen = {};
    options($('filter-rule'), [['', 'any']].concat((s.rules || []).filter(function (r) {
      if (r.status === 'met' || seen[r.rule]) return false;
      seen[r.rule] = true;
      return true;
    }).map(function (r) { return [r.rule, r.pack + ': ' + r.rule + ' (' + r.status + ', ' + plural(r.elements, 'element') + ')']; })));
    options($('filter-function'), [['', 'any']].concat(scopesOf(s.shares, FUNCTIONS).map(function (f) { return [f.name, f.name]; })));
    var list = clear($('region-list'));
    Object.keys(s.regions || {}).sort().forEach(function (r) { list.appendChild(el('option', { value: r })); });
    $('filter-region').value = '';
    $('filter-maker').value = '';
    $('filter-status').value = '';
  }

  function violationQuery() {
    var q = new URLSearchParams();
    FILTERS.forEach(function (f) {
      var v = $(f[1]).value.trim();
      if (v) q.set(f[0], v);
    });
    q.set('sort', (state.desc ? '-' : '') + state.sort);
    return q;
  }

  function loadViolations(gen) {
    var tableNode = $('violations-table');
    tableNode.setAttribute('data-ready', 'false');
    var inv = state.inventory;
    var q = violationQuery();
    var csv = new URLSearchParams(q);
    csv.set('format', 'csv');
    $('violations-csv').href = API + invPath(inv) + '/violations?' + csv.toString();
    var perPage = Number($('filter-per-page').value);
    q.set('page', String(state.page));
    q.set('per_page', String(perPage));
    return api('GET', invPath(inv) + '/violations?' + q.toString()).then(function (answer) {
      if (gen !== generation) return;
      var tbody = clear(tableNode.tBodies[0]);
      answer.items.forEach(function (v) { tbody.appendChild(violationRow(v)); });
      if (!answer.items.length) {
        tbody.appendChild(el('tr', {}, [el('td', { colspan: String(VIOLATION_COLUMNS.length) }, ['No violations match.'])]));
      }
      Array.prototype.forEach.call(tableNode.tHead.rows[0].cells, function (th, i) {
        if (VIOLATION_COLUMNS[i] === state.sort) th.setAttribute('aria-sort', state.desc ? 'descending' : 'ascending');
        else th.removeAttribute('aria-sort');
      });
      var pages = Math.max(1, Math.ceil(answer.total / answer.per_page));
      var filters = FILTERS.filter(function (f) { return q.get(f[0]); }).map(function (f) { return f[0] + ' ' + q.get(f[0]); });
      var total = $('violations-total');
      total.textContent = plural(answer.total, 'violation row') + (filters.length ? ' with ' + filters.join(', ') : '');
      total.setAttribute('data-total', String(answer.total));
      $('page-info').textContent = 'Page ' + answer.page + ' of ' + pages;
      $('page-prev').disabled = answer.page <= 1;
      $('page-next').disabled = answer.page >= pages;
      tableNode.setAttribute('data-query', q.toString());
      tableNode.setAttribute('data-ready', 'true');
    });
  }

  function renderViolations(gen) {
    return withInventory(gen, 'violations-state', function (inv, s) {
      fillFilters(inv, s);
      return loadViolations(gen);
    });
  }

  $('violations-filters').addEventListener('submit', function (ev) {
    ev.preventDefault();
    state.page = 1;
    loadViolations(generation).catch(fail);
  });
  $('filter-clear').addEventListener('click', function () {
    FILTERS.forEach(function (f) { $(f[1]).value = ''; });
    state.page = 1;
    loadViolations(generation).catch(fail);
  });
  $('page-prev').addEventListener('click', function () { state.page -= 1; loadViolations(generation).catch(fail); });
  $('page-next').addEventListener('click', function () { state.page += 1; loadViolations(generation).catch(fail); });

  // ---- history ---------------------------------------------------------------------------------

  function renderHistory(gen) {
    return api('GET', opPath() + '/history').then(function (points) {
      if (gen !== generation) return;
      points = points.slice().sort(function (a, b) {
        return a.as_of < b.as_of ? -1 : a.as_of > b.as_of ? 1 : a.inventory - b.inventory;
      });
      $('history-note').textContent = points.length >= 2
        ? 'Designated and unknown share of each assessed upload, by its as-of date.'
        : 'The chart needs two assessed uploads; there ' + (points.length === 1 ? 'is one' : 'are none') + '.';
      $('history-chart-panel').hidden = points.length < 2;
      if (points.length >= 2) {
        var share = function (p, kind, m) { return +(100 * p.summary.shares.all[kind][m]).toFixed(2); };
        drawChart('chart-history', function () {
          page.chart('chart-history', {
            tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + '%'; } },
            legend: { top: 0 },
            grid: { left: 50, right: 30, top: narrow() ? 90 : 50, bottom: 60 },
            xAxis: { type: 'category', data: points.map(function (p) { return p.as_of + '\n' + p.name; }),
                     axisLabel: { interval: 0, hideOverlap: true, margin: 14 } },
            yAxis: { type: 'value', name: '%' },
            series: [['Designated (elements)', 'designated_share', 'count', COLORS.hrv],
                     ['Designated (traffic)', 'designated_share', 'traffic', COLORS.traffic],
                     ['Designated (subscribers)', 'designated_share', 'subscribers', COLORS.subs],
                     ['Unknown (elements)', 'unknown_share', 'count', COLORS.unknown]].map(function (s) {
              return { name: s[0], type: 'line', itemStyle: { color: s[3] },
                       lineStyle: s[1] === 'unknown_share' ? { type: 'dashed' } : {},
                       data: points.map(function (p) { return share(p, s[1], s[2]); }) };
            })
          });
        });
      }
      var rows = points.map(function (p) {
        var s = p.summary;
        return ['#' + p.inventory + ' ' + p.name, p.as_of, p.uploaded, num(s.rows.read), num(s.rows.rejected),
                s.verdict ? s.verdict.outcome.toUpperCase() : 'NO VERDICT', pct(s.shares.all.designated_share.count),
                pct(s.shares.all.unknown_share.count)];
      });
      put('history-table', table(['inventory', 'as of', 'uploaded', 'rows read', 'rows rejected', 'verdict',
                                  'designated (elements)', 'unknown (elements)'], rows,
                                 [false, false, false, true, true, false, true, true]));
    });
  }

  // ---- upload ----------------------------------------------------------------------------------

  function loadPolicies() {
    if (state.policies) return Promise.resolve(state.policies);
    return api('GET', '/policies').then(function (p) { state.policies = p; return p; });
  }

  // The Upload view: the inventory form, and the links form for one of the operator's inventories.
  function renderUpload(gen) {
    if (!$('upload-as-of').value) $('upload-as-of').value = today();
    var policies = loadPolicies().then(function (packs) {
      var select = $('upload-policy');
      if (select.options.length) return;
      options(select, [['', '(none: shares only, no verdict)']].concat(packs.map(function (p) {
        return [p.name, p.name + ': ' + p.title];
      })));
      if (packs.length) select.value = packs[0].name;
    });
    return Promise.all([policies, fillLinksInventories(gen)]);
  }

  // The links form's inventory selector: the operator's inventories, newest first, the selected one chosen.
  function fillLinksInventories(gen) {
    return loadInventories().then(function (rows) {
      if (gen !== undefined && gen !== generation) return;
      var select = $('links-inventory');
      options(select, rows.slice().reverse().map(function (r) { return [String(r.id), inventoryLabel(r)]; }));
      if (state.inventory !== null) select.value = String(state.inventory);
      showLinksCurrent();
      $('links-submit').disabled = !rows.length || $('links-submit').getAttribute('data-busy') === 'true';
    });
  }
  function showLinksCurrent() {
    var id = Number($('links-inventory').value);
    var inv = (state.inventories || []).filter(function (r) { return r.id === id; })[0];
    $('links-current').textContent = !inv ? 'No inventory has been uploaded yet: upload one above first.'
      : inv.links_name ? 'Its links now: ' + inv.links_name + ' (an upload replaces them).' : 'It has no links yet.';
  }
  $('links-inventory').addEventListener('change', function () {
    state.inventory = Number(this.value);
    state.page = 1;
    showLinksCurrent();
  });

  // An upload form's parts have ids starting with its prefix ('upload' or 'links'): -submit, -status,
  // -progress, -bytes, -bytes-text, -job, -stage.
  function busy(prefix, on) {
    var button = $(prefix + '-submit');
    button.setAttribute('data-busy', on ? 'true' : 'false');
    button.disabled = on;
  }

  function uploadStatus(text, stateName, link, prefix) {
    var status = clear($((prefix || 'upload') + '-status'));
    status.setAttribute('data-state', stateName);
    status.appendChild(document.createTextNode(text));
    if (link) status.appendChild(link);
  }

  function showJob(job, prefix) {
    prefix = prefix || 'upload';
    var bar = $(prefix + '-job');
    if (job.state === 'done') { bar.max = 1; bar.value = 1; }
    else if (job.total > 0) { bar.max = job.total; bar.value = job.done; }
    else bar.removeAttribute('value');  // indeterminate: a stage without a byte count
    $(prefix + '-stage').textContent = 'Job ' + job.id + ': ' + job.state + (job.stage ? ', stage ' + job.stage : '') +
      (job.total > 0 ? ' (' + num(job.done) + ' of ' + num(job.total) + ' bytes read)' : '');
  }

  function jobFinished(job, answer, name, prefix) {
    busy(prefix, false);
    showJob(job, prefix);
    state.inventories = null;
    delete state.summaries[answer.inventory];  // assessed again: the summary may have changed
    if (job.state === 'done') {
      state.inventory = answer.inventory;
      state.filtersFor = null;
      if (prefix === 'links') {
        uploadStatus('Assessed again with the links ' + name + '. ', 'done',
                     el('a', { href: '#/topology', id: 'links-open' }, ['Open its topology']), prefix);
      } else {
        uploadStatus('Assessed: ' + name + '. ', 'done', el('a', { href: '#/overview', id: 'upload-open' }, ['Open its overview']), prefix);
      }
    } else {
      uploadStatus('The assessment of ' + name + ' FAILED: ' + (job.error || 'no reason given'), 'failed', null, prefix);
    }
    if (!$('view-upload').hidden) fillLinksInventories().catch(fail);
  }

  // The job's stages as server-sent events; polling when the stream breaks off before the end.
  function followJob(answer, name, prefix) {
    var url = API + opPath() + '/jobs/' + answer.job;
    var finished = false;
    var events = new EventSource(url + '/events');
    events.addEventListener('progress', function (ev) {
      var job = JSON.parse(ev.data);
      showJob(job, prefix);
      if (job.state === 'done' || job.state === 'failed') {
        finished = true;
        events.close();
        jobFinished(job, answer, name, prefix);
      }
    });
    events.onerror = function () {
      events.close();
      if (finished) return;
      (function poll() {
        api('GET', opPath() + '/jobs/' + answer.job).then(function (job) {
          showJob(job, prefix);
          if (job.state === 'done' || job.state === 'failed') jobFinished(job, answer, name, prefix);
          else setTimeout(poll, 500);
        }).catch(function (err) { busy(prefix, false); fail(err); });
      })();
    };
  }

  // Sends file as the body of method url, the bytes shown as they go (XMLHttpRequest, not fetch:
  // only it reports an upload's progress), then follows the assessment job the server answers with.
  function sendFile(prefix, method, url, file, accepted) {
    var bytes = $(prefix + '-bytes');
    bytes.max = Math.max(1, file.size);
    bytes.value = 0;
    $(prefix + '-job').value = 0;
    $(prefix + '-bytes-text').textContent = '';
    $(prefix + '-stage').textContent = 'Waiting for the upload to finish.';
    $(prefix + '-progress').hidden = false;
    busy(prefix, true);
    uploadStatus('Uploading ' + file.name + '…', 'uploading', null, prefix);
    var xhr = new XMLHttpRequest();
    xhr.open(method, url);
    xhr.setRequestHeader('X-CSRF-Token', state.csrf);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = function (e) {
      if (!e.lengthComputable) return;
      bytes.max = Math.max(1, e.total);
      bytes.value = e.loaded;
      $(prefix + '-bytes-text').textContent = num(e.loaded) + ' of ' + num(e.total) + ' bytes sent';
    };
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status !== 202) {
        busy(prefix, false);
        var err = apiError(xhr.status, data);
        uploadStatus('The upload was refused: ' + err.message, 'failed', null, prefix);
        if (xhr.status === 401) fail(err);
        return;
      }
      bytes.value = bytes.max;
      $(prefix + '-bytes-text').textContent = num(data.bytes) + ' bytes received (sha256 ' + data.sha256 + ')';
      accepted(data);
      followJob(data, file.name, prefix);
    };
    xhr.onerror = function () {
      busy(prefix, false);
      uploadStatus('The upload failed: the connection to the server broke off.', 'failed', null, prefix);
    };
    xhr.send(file);
  }

  $('upload-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var file = $('upload-file').files[0];
    if (!file) return;
    var q = new URLSearchParams({ name: file.name, as_of: $('upload-as-of').value || today() });
    if ($('upload-policy').value) q.set('policy', $('upload-policy').value);
    sendFile('upload', 'POST', API + opPath() + '/inventories?' + q.toString(), file, function (data) {
      uploadStatus('Uploaded ' + file.name + ' as inventory ' + data.inventory + ': assessing…', 'assessing', null, 'upload');
    });
  });

  $('links-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var file = $('links-file').files[0], id = Number($('links-inventory').value);
    if (!file || !id) return;
    state.inventory = id;
    var q = new URLSearchParams({ name: file.name });
    sendFile('links', 'PUT', API + invPath(id) + '/links?' + q.toString(), file, function () {
      uploadStatus('Uploaded ' + file.name + ' as the links of inventory ' + id + ': assessing it again…', 'assessing', null, 'links');
    });
  });

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
        if (gen !== generation) return;
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

  // ---- what-if ---------------------------------------------------------------------------------

  function loadRegistry() {
    if (state.registry) return Promise.resolve(state.registry);
    return api('GET', '/registry?as_of=' + today()).then(function (r) { state.registry = r; return r; });
  }

  function renderWhatif(gen) {
    return withInventory(gen, 'whatif-state', function () {
      var fn = $('whatif-remove-function');
      if (!fn.options.length) options(fn, [['', 'every function']].concat(FUNCTIONS.map(function (f) { return [f, f]; })));
      return loadRegistry().then(function (reg) {
        var lists = $('whatif-designate-list');
        if (!lists.options.length) options(lists, reg.lists.map(function (l) { return [l.id, l.id + ': ' + l.title]; }));
      });
    });
  }

  // The scenario in the language of `kitwatch whatif` files (docs/whatif.md), as JSON.
  function scenario() {
    var ops = [];
    var asOf = $('whatif-as-of').value;
    if (asOf) ops.push({ as_of: asOf });
    var designate = $('whatif-designate-entity').value.trim();
    if (designate) {
      if (!$('whatif-designate-from').value) throw new Error('Designate: give the date the designation starts.');
      ops.push({ designate: { entity: designate, list: $('whatif-designate-list').value, from: $('whatif-designate-from').value,
                              source: 'what-if from the dashboard' } });
    }
    var remove = $('whatif-remove-entity').value.trim();
    if (remove) {
      var scope = { manufacturer: remove };
      if ($('whatif-remove-function').value) scope.function = $('whatif-remove-function').value;
      ops.push({ remove: scope });
    }
    if (!ops.length) throw new Error('Give at least one change: a date, a designation or a removal.');
    return { scenario: 'dashboard', title: 'What-if from the dashboard', operations: ops };
  }

  // ---- before/after tables: the what-if, the national what-if and the compare view ----------------

  // unit 'percent': a percentage already; 'fraction': a share from 0 to 1 (the compare view's).
  function metricValue(v, unit) {
    if (typeof v !== 'number') return v === null || v === undefined ? '-' : String(v);
    if (unit === 'fraction') return pct(v);
    return unit === 'percent' ? v.toFixed(2) + '%' : figure(Math.round(v * 1000) / 1000);
  }
  function metricDelta(d, unit) {
    if (typeof d !== 'number') return '';
    var sign = d > 0 ? '+' : '';
    if (unit === 'fraction') return sign + (100 * d).toFixed(2) + ' pp';
    return unit === 'percent' ? sign + d.toFixed(2) + ' pp' : sign + figure(Math.round(d * 1000) / 1000);
  }
  // Texts that are a verdict or a rule's status, coloured as the rest of the page colours them.
  function statusClass(v) {
    if (typeof v !== 'string') return '';
    if (/^(exceeded|violated|not?[-_ ]?compliant|failed)$/i.test(v)) return ' status-violated';
    if (/^(effective|compliant|met)$/i.test(v)) return ' status-met';
    if (/^pending$/i.test(v)) return ' status-pending';
    return '';
  }
  function isVerdict(m) { return m.metric === 'verdict' || m.section === 'verdict'; }

  // metrics ({section, metric, before, after, delta?, unit?}) as a table of one row group per
  // section, in the order they come: metric, before, after, change. Changed rows are marked (and
  // say "changed" when the values are texts); the verdict's row is highlighted.
  function comparisonTable(id, metrics) {
    var tableNode = el('table', { class: 'data comparison', id: id }, [
      el('thead', {}, [el('tr', {}, ['metric', 'before', 'after', 'change'].map(function (c, i) {
        return el('th', { scope: 'col', class: i > 0 ? 'num' : '' }, [c]);
      }))])]);
    var group = null, section = null;
    (metrics || []).forEach(function (m) {
      if (!group || m.section !== section) {
        section = m.section;
        group = el('tbody', { 'data-section': section }, [
          el('tr', { class: 'section' }, [el('th', { scope: 'rowgroup', colspan: '4' }, [section])])]);
        tableNode.appendChild(group);
      }
      var changed = typeof m.delta === 'number' ? m.delta !== 0 : String(m.before) !== String(m.after);
      var share = /share/.test(m.section) || /share/.test(m.metric);
      var classes = (changed ? 'changed' : '') + (isVerdict(m) ? ' verdict' : '');
      group.appendChild(el('tr', { class: classes.trim(), 'data-section': m.section, 'data-metric': m.metric,
                                   'data-changed': changed ? 'true' : 'false' }, [
        el('th', { scope: 'row' }, [m.metric]),
        el('td', { class: 'num before' + statusClass(m.before) }, [metricValue(m.before, m.unit)]),
        el('td', { class: 'num after' + statusClass(m.after) }, [metricValue(m.after, m.unit)]),
        el('td', { class: 'num delta' + (share && m.delta > 0 ? ' up' : share && m.delta < 0 ? ' down' : '') },
           [typeof m.delta === 'number' ? metricDelta(m.delta, m.unit) : changed ? 'changed' : ''])]));
    });
    return tableNode;
  }

  // A what-if's answer (kitwatch-whatif/1, the operator's or the national one) into the result
  // panel whose ids start with prefix: heading, operations, notes and the before/after table.
  function showComparison(prefix, answer) {
    $(prefix + '-result').hidden = false;
    $(prefix + '-heading').textContent = 'Scenario "' + answer.scenario + '"' +
      (answer.title && answer.title !== answer.scenario ? ' (' + answer.title + ')' : '') + ': as of ' + answer.before_as_of +
      (answer.after_as_of !== answer.before_as_of ? ' → ' + answer.after_as_of : '');
    var opsList = clear($(prefix + '-operations'));
    (answer.operations || []).forEach(function (o) { opsList.appendChild(el('li', {}, [o])); });
    var notes = clear($(prefix + '-notes'));
    (answer.notes || []).forEach(function (n) { notes.appendChild(el('li', {}, [n])); });
    put(prefix + '-table', comparisonTable(prefix + '-metrics', answer.metrics));
    $(prefix + '-result').setAttribute('data-ready', 'true');
  }
  function showWhatif(answer) { showComparison('whatif', answer); }

  $('whatif-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var body;
    try { body = scenario(); } catch (e) { showMessage(e.message); return; }
    showMessage('');
    $('whatif-result').setAttribute('data-ready', 'false');
    $('whatif-run').disabled = true;
    api('POST', invPath(state.inventory) + '/whatif', body).then(showWhatif).catch(fail)
      .then(function () { $('whatif-run').disabled = false; });
  });

  // ---- compare two uploads ---------------------------------------------------------------------

  function inventoryLabel(r) { return '#' + r.id + ' ' + r.name + ' (as of ' + r.as_of + ')'; }

  // Two selectors of the assessed uploads; by default the latest against the one uploaded before it.
  function renderCompare(gen) {
    return loadInventories().then(function (rows) {
      if (gen !== generation) return;
      var done = rows.filter(function (r) { return r.state === 'done'; });
      var from = $('compare-from'), to = $('compare-to');
      var keep = [Number(from.value), Number(to.value)];
      [from, to].forEach(function (select) {
        options(select, done.slice().reverse().map(function (r) { return [String(r.id), inventoryLabel(r)]; }));
      });
      var ids = done.map(function (r) { return r.id; });
      var enough = done.length >= 2;
      from.value = String(ids.indexOf(keep[0]) >= 0 ? keep[0] : enough ? ids[ids.length - 2] : ids[0] || '');
      to.value = String(ids.indexOf(keep[1]) >= 0 ? keep[1] : ids[ids.length - 1] || '');
      $('compare-run').disabled = !enough;
      $('compare-swap').disabled = !enough;
      $('compare-state').textContent = enough ? plural(done.length, 'assessed upload') + ' to choose from.'
        : 'Comparing needs two assessed uploads; there ' + (done.length === 1 ? 'is one' : 'are none') + '.';
      if (!enough) $('compare-result').hidden = true;
    });
  }

  var COMPARE_LIMIT = 100;

  // One list of findings (new or resolved): its total, the rows sent, and a word when the server
  // cut the list at the limit.
  function showFindings(key, title, list, explain) {
    var heading = $('compare-' + key + '-title');
    heading.textContent = title + ': ' + num(list.total);
    heading.setAttribute('data-total', String(list.total));
    var items = list.items || [];
    $('compare-' + key + '-note').textContent = explain + (list.total > items.length
      ? ' Only the first ' + num(items.length) + ' of ' + num(list.total) + ' are listed (the limit is ' + num(COMPARE_LIMIT) +
        '): the violations view of the inventory has them all.'
      : '');
    if (!items.length) {
      put('compare-' + key, el('p', { class: 'note' }, ['None.']));
      return;
    }
    var t = el('table', { class: 'data', id: 'compare-' + key + '-list' }, [el('thead', {}, [violationHeadRow()]),
      el('tbody', {}, items.map(violationRow))]);
    put('compare-' + key, t);
  }

  function showDiff(answer) {
    var byId = {};
    (state.inventories || []).forEach(function (r) { byId[r.id] = r; });
    var side = function (s) { return byId[s.inventory] ? inventoryLabel(byId[s.inventory]) : '#' + s.inventory + ' (as of ' + s.as_of + ')'; };
    $('compare-result').hidden = false;
    $('compare-heading').textContent = 'From ' + side(answer.from) + ' to ' + side(answer.to);
    var metrics = (answer.metrics || []).map(function (m) {
      return /_share/.test(m.metric) ? Object.assign({}, m, { unit: 'fraction' }) : m;
    });
    var changed = metrics.filter(function (m) {
      return typeof m.delta === 'number' ? m.delta !== 0 : String(m.before) !== String(m.after);
    }).length;
    $('compare-summary').textContent = plural(changed, 'figure') + ' of ' + num(metrics.length) + ' changed (marked); ' +
      plural(answer.findings.new.total, 'new finding') + ', ' + plural(answer.findings.resolved.total, 'resolved finding') + '.';
    put('compare-table', comparisonTable('compare-metrics', metrics));
    showFindings('new', 'New findings', answer.findings.new,
      'Rule and element pairs not met in the later upload that the earlier one did not have.');
    showFindings('resolved', 'Resolved findings', answer.findings.resolved,
      'Rule and element pairs of the earlier upload that the later one no longer has.');
    $('compare-result').setAttribute('data-ready', 'true');
  }

  $('compare-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var from = $('compare-from').value, to = $('compare-to').value;
    if (!from || !to) return;
    showMessage('');
    if (from === to) { showMessage('Choose two different uploads to compare.'); return; }
    $('compare-result').setAttribute('data-ready', 'false');
    $('compare-run').disabled = true;
    var gen = generation;
    var q = new URLSearchParams({ from: from, to: to, limit: String(COMPARE_LIMIT) });
    api('GET', opPath() + '/diff?' + q.toString()).then(function (answer) {
      if (gen === generation) showDiff(answer);
    }).catch(fail).then(function () { $('compare-run').disabled = false; });
  });
  $('compare-swap').addEventListener('click', function () {
    var from = $('compare-from').value;
    $('compare-from').value = $('compare-to').value;
    $('compare-to').value = from;
  });

  // ---- registry look-up ------------------------------------------------------------------------

  function renderRegistry(gen) {
    if (!$('entity-as-of').value) $('entity-as-of').value = today();
    return loadRegistry().then(function (reg) {
      if (gen !== generation) return;
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
      if (!data || gen !== generation) return;
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
      if (gen !== generation) return;
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
    var gen = generation;
    api('POST', '/national/whatif', body).then(function (answer) {
      if (gen === generation) showComparison('nwhatif', answer);
    }).catch(fail).then(function () { $('nwhatif-run').disabled = !state.nationalOps.length; });
  });

  function renderReturns(gen) {
    return api('GET', '/returns').then(function (rows) {
      if (gen !== generation) return;
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

  // ---- start: resume the session the cookie holds, or ask to sign in ---------------------------

  // The probe answers {"user": null} when no session is live (no refused request at every visit).
  api('GET', '/session').then(function (session) {
    if (session.user) signedIn(session);
    else signedOut('');
  }, function (err) {
    showMessage(err.message);
    signedOut('');
  }).then(function () { document.body.setAttribute('data-ready', 'true'); });
})();
