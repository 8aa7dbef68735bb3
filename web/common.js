// What every kitwatch page's script shares (inlined before it): building DOM nodes from text (never
// markup), drawing ECharts charts that register themselves in window.kitwatchCharts (the browser
// tests check them), tables, and the designated/unknown share bars.
window.kitwatchPage = (function () {
  'use strict';
  var charts = {};
  window.kitwatchCharts = charts;
  var COLORS = { hrv: '#c0392b', unknown: '#8e8e8e', control: '#b7950b', traffic: '#e67e22', subs: '#8e44ad', ok: '#2f5d8a',
                 green: '#2e7d4f' };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'class') node.className = attrs[k];
      else node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    });
    return node;
  }
  function num(x) { return Number(x).toLocaleString('en-GB', { maximumFractionDigits: 1 }); }
  function show(id) { document.getElementById(id).hidden = false; }
  function text(id, value) { document.getElementById(id).textContent = value; }

  function chart(id, option) {
    var node = document.getElementById(id);
    var instance = echarts.init(node, null, { renderer: 'canvas' });
    option.animation = false;
    option.textStyle = { fontFamily: 'system-ui, "DejaVu Sans", sans-serif' };
    instance.setOption(option);
    charts[id] = instance;
    window.addEventListener('resize', function () { instance.resize(); });
    return instance;
  }

  // One headline card; cls marks it ('alert', 'good', 'uncertain'). data-card names it for the tests.
  function card(id, label, value, detail, cls) {
    return el('div', { class: 'card' + (cls ? ' ' + cls : ''), 'data-card': id }, [
      el('div', { class: 'label' }, [label]), el('div', { class: 'value' }, [value]),
      el('div', { class: 'detail' }, [detail])]);
  }

  // numeric[i]: column i is right-aligned; rowClass(n), when given, names row n's class.
  function table(columns, rows, numeric, rowClass) {
    var head = el('tr', {}, columns.map(function (c, i) {
      return el('th', { class: numeric && numeric[i] ? 'num' : '' }, [c]);
    }));
    var body = rows.map(function (r, n) {
      return el('tr', rowClass ? { class: rowClass(n) } : {}, r.map(function (cell, i) {
        return el('td', { class: numeric && numeric[i] ? 'num' : '' }, [cell]);
      }));
    });
    return el('table', { class: 'data' }, [el('thead', {}, [head]), el('tbody', {}, body)]);
  }

  // Designated share by count, traffic and subscribers, and unknown share by count, of each scope
  // ({name, designated_share, unknown_share}); and the control-unknown share by count when the
  // scopes have it (control_unknown_share: makers the registry does not know).
  function shareBars(id, scopes, horizontal) {
    var names = scopes.map(function (s) { return s.name; });
    var series = [
      ['Designated (elements)', 'count', COLORS.hrv, 'designated_share'],
      ['Designated (traffic)', 'traffic', COLORS.traffic, 'designated_share'],
      ['Designated (subscribers)', 'subscribers', COLORS.subs, 'designated_share'],
      ['Unknown maker (elements)', 'count', COLORS.unknown, 'unknown_share']
    ].concat(scopes.length && scopes[0].control_unknown_share
      ? [['Control unknown (elements)', 'count', COLORS.control, 'control_unknown_share']] : []).map(function (s) {
      return { name: s[0], type: 'bar', itemStyle: { color: s[2] },
               data: scopes.map(function (x) { return +(100 * x[s[3]][s[1]]).toFixed(2); }) };
    });
    var category = { type: 'category', data: names,
                     axisLabel: { interval: 0, rotate: horizontal ? 0 : 20, width: 150, overflow: 'truncate' } };
    var value = { type: 'value', name: '%', max: function (v) { return Math.max(10, Math.ceil(v.max / 10) * 10); } };
    chart(id, {
      tooltip: { trigger: 'axis', valueFormatter: function (v) { return v + '%'; } },
      legend: { top: 0 },
      grid: { left: horizontal ? 170 : 50, right: 20, top: 60, bottom: horizontal ? 30 : 60 },
      xAxis: horizontal ? value : category,
      yAxis: horizontal ? Object.assign(category, { inverse: true }) : value,
      series: series
    });
  }

  return { charts: charts, COLORS: COLORS, el: el, num: num, show: show, text: text, chart: chart, table: table,
           card: card,
           shareBars: shareBars };
})();
