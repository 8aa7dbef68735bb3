// The kitwatch dashboard (served by `kitwatch serve` at /): sign-in with the session cookie, then
// hash-routed views over the HTTP API (docs/server.md). Plain DOM, no framework and no build step,
// like report.js; every text from the server reaches the page through textContent (page.el) or an
// ECharts label, never as markup. Charts are drawn through window.kitwatchPage.chart so that
// window.kitwatchCharts holds them (the browser test checks each one drew).
//
// This file is the core every view shares: talking to the server (the API, the CSRF token), charts,
// sign-in, the header and routing, the operator's inventories selector, the shared DOM helpers and
// the before/after tables. The views live in their own files, loaded after this one (the operator's
// in dashboard-inventory.js, the topology in dashboard-topology.js, the regulator's and the registry
// look-up in dashboard-national.js), so that no file grows past what one can read at a sitting. They
// reach the core only through window.kitwatchDashboard (the one global this file defines) and
// register their views there; the session is resumed once the page (and so every view file) has
// loaded.
(function () {
  'use strict';
  var page = window.kitwatchPage;
  var el = page.el, num = page.num;
  var API = '/api/v1';
  var FUNCTIONS = ['core', 'transport', 'aggregation', 'access', 'ran', 'cpe', 'management', 'other'];

  // Everything the signed-in user's pages share; reset at sign-out so nothing leaks to the next user.
  // One object for the page's life, emptied and refilled in place: the view files hold it too.
  var state = {};
  function resetState() {
    Object.keys(state).forEach(function (k) { delete state[k]; });
    Object.assign(state, { user: null, csrf: '', inventories: null, inventory: null, summaries: {}, policies: null,
                           registry: null, filtersFor: null, sort: 'element', desc: false, page: 1, nationalOps: [] });
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

  // The views by the name in the hash: who may see each, whether it shows the inventory selector,
  // and its render(generation). The view files add theirs (registerViews); 'none' is the core's own.
  var VIEWS = { none: { who: 'anyone' } };
  function registerViews(views) {
    Object.keys(views).forEach(function (name) { VIEWS[name] = views[name]; });
  }
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
    if (VIEWS[name] && VIEWS[name].render) {
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

  // What a view file must redraw when the state is emptied at sign-out (onSignOut adds to it).
  var signOutHooks = [];
  function onSignOut(hook) { signOutHooks.push(hook); }

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
    signOutHooks.forEach(function (hook) { hook(); });
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

  // ---- shared DOM helpers ----------------------------------------------------------------------

  // One figure card (the overview's, the topology's, the national page's); cls marks it 'alert', 'good'
  // or 'uncertain'.
  function card(id, label, value, detail, cls) {
    return page.card(id, label, value, detail, cls);
  }

  // A select's options from [value, label] pairs, the old ones gone.
  function options(select, pairs) {
    clear(select);
    pairs.forEach(function (p) { select.appendChild(el('option', { value: p[0] }, [p[1]])); });
  }

  // An inventory as its selectors name it (the links form's, the compare view's).
  function inventoryLabel(r) { return '#' + r.id + ' ' + r.name + ' (as of ' + r.as_of + ')'; }

  // The registry's summary as of today, asked once per session (the what-ifs' lists, the registry view).
  function loadRegistry() {
    if (state.registry) return Promise.resolve(state.registry);
    return api('GET', '/registry?as_of=' + today()).then(function (r) { state.registry = r; return r; });
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

  // ---- the namespace the view files use ---------------------------------------------------------

  // All that the view files see of this one. state is the same object for the page's life (emptied at
  // sign-out); generation() is the current route's, for dropping answers to a view the user left.
  window.kitwatchDashboard = {
    API: API, FUNCTIONS: FUNCTIONS, state: state,
    generation: function () { return generation; },
    registerViews: registerViews, onSignOut: onSignOut, may: may,
    $: $, pct: pct, clear: clear, put: put, today: today, plural: plural, figure: figure,
    api: api, apiError: apiError, opPath: opPath, invPath: invPath, showMessage: showMessage, fail: fail,
    drawChart: drawChart, narrow: narrow, shareChart: shareChart,
    loadInventories: loadInventories, withInventory: withInventory, inventoryLabel: inventoryLabel,
    loadRegistry: loadRegistry,
    card: card, options: options, comparisonTable: comparisonTable, showComparison: showComparison
  };

  // ---- start: resume the session the cookie holds, or ask to sign in ---------------------------

  // The probe answers {"user": null} when no session is live (no refused request at every visit).
  // It waits for DOMContentLoaded, which comes after every script of the page ran: by then the view
  // files have registered their views, and the first route finds them.
  function start() {
    api('GET', '/session').then(function (session) {
      if (session.user) signedIn(session);
      else signedOut('');
    }, function (err) {
      showMessage(err.message);
      signedOut('');
    }).then(function () { document.body.setAttribute('data-ready', 'true'); });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
