// The operator's views of the kitwatch dashboard: the overview of an assessed inventory, its
// violations, the history of uploads, the upload forms (an inventory, then its links), the what-if
// and the comparison of two uploads. A separate file so that dashboard.js keeps only what every view
// shares (the server, charts, sign-in and routing); these views reach it through
// window.kitwatchDashboard and register themselves there. Loaded after dashboard.js.
(function () {
  'use strict';
  var page = window.kitwatchPage, D = window.kitwatchDashboard;
  var COLORS = page.COLORS, el = page.el, num = page.num, table = page.table;
  var API = D.API, FUNCTIONS = D.FUNCTIONS, state = D.state, generation = D.generation;
  var $ = D.$, pct = D.pct, clear = D.clear, put = D.put, today = D.today, plural = D.plural, figure = D.figure;
  var api = D.api, apiError = D.apiError, opPath = D.opPath, invPath = D.invPath, showMessage = D.showMessage, fail = D.fail;
  var drawChart = D.drawChart, narrow = D.narrow, shareChart = D.shareChart, card = D.card, options = D.options;
  var loadInventories = D.loadInventories, withInventory = D.withInventory, inventoryLabel = D.inventoryLabel;
  var loadRegistry = D.loadRegistry, comparisonTable = D.comparisonTable, showComparison = D.showComparison;

  D.registerViews({
    overview: { who: 'operator', inventory: true, render: renderOverview },
    violations: { who: 'operator', inventory: true, render: renderViolations },
    history: { who: 'operator', render: renderHistory },
    upload: { who: 'uploader', render: renderUpload },
    whatif: { who: 'operator', inventory: true, render: renderWhatif },
    compare: { who: 'operator', render: renderCompare }
  });

  // ---- overview --------------------------------------------------------------------------------

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
        loadViolations(generation()).catch(fail);
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
      if (gen !== generation()) return;
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
    loadViolations(generation()).catch(fail);
  });
  $('filter-clear').addEventListener('click', function () {
    FILTERS.forEach(function (f) { $(f[1]).value = ''; });
    state.page = 1;
    loadViolations(generation()).catch(fail);
  });
  $('page-prev').addEventListener('click', function () { state.page -= 1; loadViolations(generation()).catch(fail); });
  $('page-next').addEventListener('click', function () { state.page += 1; loadViolations(generation()).catch(fail); });

  // ---- history ---------------------------------------------------------------------------------

  function renderHistory(gen) {
    return api('GET', opPath() + '/history').then(function (points) {
      if (gen !== generation()) return;
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
      if (gen !== undefined && gen !== generation()) return;
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

  // ---- what-if ---------------------------------------------------------------------------------

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

  // The answer into the what-if's result panel (the before/after table is the core's).
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

  // Two selectors of the assessed uploads; by default the latest against the one uploaded before it.
  function renderCompare(gen) {
    return loadInventories().then(function (rows) {
      if (gen !== generation()) return;
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
    var gen = generation();
    var q = new URLSearchParams({ from: from, to: to, limit: String(COMPARE_LIMIT) });
    api('GET', opPath() + '/diff?' + q.toString()).then(function (answer) {
      if (gen === generation()) showDiff(answer);
    }).catch(fail).then(function () { $('compare-run').disabled = false; });
  });
  $('compare-swap').addEventListener('click', function () {
    var from = $('compare-from').value;
    $('compare-from').value = $('compare-to').value;
    $('compare-to').value = from;
  });
})();
