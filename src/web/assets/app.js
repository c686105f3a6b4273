// mstation web console: the single-page app that draws every page of
// app.html into <main id="view"> from the same-origin JSON API described in
// docs/console.md. Plain JavaScript, no framework, no build step. The DOM is
// built with createElement/textContent only (the data holds customer-entered
// text), and nothing here needs inline script or style (the page runs under a
// strict Content-Security-Policy).
'use strict';

(() => {
  // ---------------------------------------------------------------- the API

  /** An API call that did not answer 2xx. `status` 0 is a network failure. */
  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  /** Who is logged in: the answer of GET /api/me, fetched once at start. */
  const session = { me: null };

  /**
   * Calls the API and returns the parsed JSON. A 401 (or a redirect away from
   * /api/) sends the browser to the login page; any other failure throws an
   * ApiError. A POST carries the CSRF token and a JSON body.
   */
  async function api(path, { method = 'GET', body } = {}) {
    const headers = { Accept: 'application/json' };
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (method !== 'GET') {
      headers['Content-Type'] = 'application/json';
      headers['X-CSRF-Token'] = session.me ? session.me.csrf_token : '';
      init.body = JSON.stringify(body === undefined ? {} : body);
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, 'network', '无法连接服务器');
    }
    if (res.status === 401 || (res.redirected && !new URL(res.url).pathname.startsWith('/api/'))) {
      window.location.assign('/');
      throw new ApiError(401, 'unauthenticated', '登录已失效，请重新登录');
    }
    let data = null;
    if ((res.headers.get('Content-Type') || '').includes('json')) {
      try { data = await res.json(); } catch (e) { data = null; }
    }
    if (!res.ok) {
      const code = (data && data.code) || '';
      throw new ApiError(res.status, code, (data && data.error) || `HTTP ${res.status}`);
    }
    return data;
  }

  const apiPost = (path, body) => api(path, { method: 'POST', body });

  /** A query string of the non-empty entries of `obj` (no leading '?'). */
  function queryString(obj) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(obj)) {
      if (v !== null && v !== undefined && String(v) !== '') q.set(k, String(v));
    }
    return q.toString();
  }

  // ------------------------------------------------------------- formatters

  const DASH = '—';

  /** Integer fen → 元 with two decimals and thousands separators, in integer arithmetic. */
  function fmtYuan(fen) {
    if (fen === null || fen === undefined || fen === '') return DASH;
    let v;
    try {
      v = BigInt(typeof fen === 'number' ? Math.round(fen) : String(fen).trim());
    } catch (e) {
      return String(fen);
    }
    const negative = v < 0n;
    if (negative) v = -v;
    const yuan = (v / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    const cents = (v % 100n).toString().padStart(2, '0');
    return `${negative ? '-' : ''}${yuan}.${cents}`;
  }

  /** A whole number with thousands separators. */
  function fmtInt(n) {
    if (n === null || n === undefined || n === '') return DASH;
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }

  /** "YYYY-MM-DDTHH:MM:SS+08:00" (already UTC+8) → "YYYY-MM-DD HH:MM:SS". */
  function fmtTime(s) {
    if (s === null || s === undefined || s === '') return DASH;
    const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2})/.exec(String(s));
    return m ? `${m[1]} ${m[2]}` : String(s);
  }

  const orDash = (v) => (v === null || v === undefined || v === '' ? DASH : String(v));

  const STATE_NAMES = {
    pending: '处理中', succeeded: '成功', declined: '拒绝', unknown: '存疑',
    reversed: '已冲正', manual: '待人工', not_charged: '未扣款',
  };
  const TXN_NAMES = {
    '0102': '抄表上装', '0202': '电费收费', '0203': '电费冲正',
    '0204': '预收电费', '0302': '催费通知单', '0401': '智能卡购电',
  };
  const ROLE_NAMES = { auditor: '审计员', ops: '运维', office: '供电所' };
  const SAF_STATES = { queued: '排队中', manual: '待人工', done: '已完成', abandoned: '已放弃' };
  const SAF_PURPOSES = { reversal: '冲正', resend: '重发' };
  const RECON_CLASSES = {
    matched: '相符', local_only: '仅本站有', upstream_only: '仅SG186有',
    amount_mismatch: '金额不符', state_mismatch: '状态不符',
  };
  const JOURNAL_KINDS = {
    hhu_request: '终端请求', hhu_response: '终端应答', sg186_request: 'SG186请求',
    sg186_response: 'SG186应答', sg186_unanswered: 'SG186无应答',
  };
  const SEVERITIES = { critical: '严重', warning: '警告' };
  const RESOLVABLE = ['unknown', 'manual'];  // what recon::resolve_txn accepts

  const stateName = (s) => STATE_NAMES[s] || orDash(s);
  const txnName = (code) => TXN_NAMES[code] || orDash(code);
  const reconResult = (r) => (r === 'agreed' ? '一致' : r === 'discrepancies' ? '有差异' : orDash(r));

  /** Bytes as hex, 16 a line in two groups of 8, so a long frame wraps. */
  function hexLines(hex) {
    const bytes = String(hex || '').replace(/[^0-9a-fA-F]/g, '').toLowerCase().match(/../g) || [];
    const lines = [];
    for (let i = 0; i < bytes.length; i += 16) {
      const line = bytes.slice(i, i + 16);
      lines.push(line.slice(0, 8).join(' ') + (line.length > 8 ? '  ' + line.slice(8).join(' ') : ''));
    }
    return { text: lines.join('\n'), count: bytes.length };
  }

  // ------------------------------------------------------------ DOM helpers

  const SVG_NS = 'http://www.w3.org/2000/svg';

  /** Sets attributes/properties on an element; never style or markup. */
  function applyProps(e, props) {
    for (const [k, v] of Object.entries(props || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'style' || k === 'innerHTML' || k === 'outerHTML') throw new Error(`refusing to set ${k}`);
      if (k === 'class') e.setAttribute('class', v);
      else if (k === 'text') e.textContent = String(v);
      else if (k === 'dataset') Object.assign(e.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : String(v));
    }
  }

  function appendKids(e, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : String(c)); // strings become text nodes
    }
    return e;
  }

  /** h('tag', {props}, ...children): an HTML element. */
  function h(tag, props, ...children) {
    const e = document.createElement(tag);
    applyProps(e, props);
    return appendKids(e, children);
  }

  /** s('tag', {attrs}, ...children): an SVG element. */
  function s(tag, attrs, ...children) {
    const e = document.createElementNS(SVG_NS, tag);
    applyProps(e, attrs);
    return appendKids(e, children);
  }

  const frag = (...children) => appendKids(document.createDocumentFragment(), children);
  const link = (href, text, props) => h('a', Object.assign({ href }, props), text);
  const txnLink = (id) => (id === null || id === undefined ? DASH : link(`#/txn/${encodeURIComponent(id)}`, String(id), { class: 'txn-link' }));
  const money = (fen) => h('span', { class: 'money' }, fmtYuan(fen));
  const stateBadge = (st) => h('span', { class: `state state-${st || 'none'}`, 'data-txn-state': st || '' }, stateName(st));
  const section = (id, title, ...children) => h('section', { id, class: 'panel' }, h('h3', null, title), ...children);

  /**
   * A table inside a horizontally scrolling box. columns: [label, class?];
   * cells(row) gives one child per column; attrs(row) the <tr> attributes.
   */
  function dataTable({ id, columns, rows, cells, attrs, empty = '无记录', foot }) {
    const head = h('tr', null, columns.map(([label, cls]) => h('th', { class: cls, scope: 'col' }, label)));
    const body = h('tbody');
    for (const row of rows || []) {
      const tr = h('tr', attrs ? attrs(row) : null);
      // cells may take the <tr> to act on it later (e.g. the alert's acknowledge control)
      cells(row, tr).forEach((v, i) => tr.append(h('td', { class: columns[i][1] }, v)));
      body.append(tr);
    }
    if (!rows || rows.length === 0) {
      body.append(h('tr', { class: 'empty-row' }, h('td', { colspan: columns.length }, empty)));
    }
    const table = h('table', { id, class: 'data-table' }, h('thead', null, head), body);
    if (foot) table.append(h('tfoot', null, h('tr', null, foot.map((v, i) => h('td', { class: columns[i][1] }, v)))));
    return h('div', { class: 'table-wrap' }, table);
  }

  /** A <dl> of [label, value, field] entries. */
  function defList(id, entries) {
    return h('dl', { id, class: 'def-list' },
      entries.map(([label, value, field]) => [h('dt', null, label), h('dd', { 'data-field': field || '' }, value)]));
  }

  /** A <select> of [value, label] options with `current` selected. */
  function select(id, options, current, name) {
    return h('select', { id, name: name || id },
      options.map(([value, label]) => h('option', { value, selected: value === (current || '') }, label)));
  }

  const pageTitle = (text, ...extra) => h('div', { class: 'page-head' }, h('h2', null, text), ...extra);
  const canSee = (role) => role === 'auditor' || role === 'ops'; // recon, SAF, alerts, chain

  /** Goes to a hash route; re-renders when it is the current one already. */
  function navigate(hash) {
    if (window.location.hash === hash) route();
    else window.location.hash = hash;
  }

  // ------------------------------------------------------------- today page

  /** A "nice" step (1, 2 or 5 × 10^k) of at least `raw`. */
  function niceStep(raw) {
    const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
    for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
    return 10 * p;
  }

  /** Amount collected per hour as bars in an inline SVG (id hour-chart). */
  function hourChart(hours) {
    const W = 960, H = 320, left = 76, right = 12, top = 16, bottom = 44;
    const plotW = W - left - right, plotH = H - top - bottom;
    const byHour = new Map((hours || []).map((x) => [Number(x.hour), x]));
    const maxFen = Math.max(0, ...[...byHour.values()].map((x) => Number(x.amount_fen) || 0));
    // Whole 元 on the axis, with head room above the tallest bar for its label.
    const needYuan = Math.max(1, Math.ceil((maxFen * 1.3) / 100));
    const step = niceStep(needYuan / 4);
    const ticks = Math.max(1, Math.ceil(needYuan / step));
    const topFen = step * ticks * 100;
    const svg = s('svg', {
      id: 'hour-chart', class: 'hour-chart', viewBox: `0 0 ${W} ${H}`, role: 'img',
      'aria-label': '分时收费金额（元）', preserveAspectRatio: 'xMidYMid meet',
    });
    for (let t = 0; t <= ticks; t++) {
      const y = top + plotH - (plotH * t) / ticks;
      svg.append(s('line', { class: t === 0 ? 'axis' : 'grid', x1: left, x2: W - right, y1: y, y2: y }));
      svg.append(s('text', { class: 'tick y-tick', x: left - 8, y: y + 4, 'text-anchor': 'end' }, fmtInt(step * t)));
    }
    svg.append(s('text', { class: 'axis-label', x: 12, y: top + plotH / 2, 'text-anchor': 'middle',
      transform: `rotate(-90 12 ${top + plotH / 2})` }, '金额（元）'));
    const slot = plotW / 24, barW = slot * 0.66;
    for (let hour = 0; hour < 24; hour++) {
      const entry = byHour.get(hour) || { count: 0, amount_fen: 0 };
      const fen = Number(entry.amount_fen) || 0;
      const barH = topFen > 0 ? (plotH * fen) / topFen : 0;
      const x = left + hour * slot + (slot - barW) / 2;
      const y = top + plotH - barH;
      const hh = String(hour).padStart(2, '0');
      svg.append(s('rect', {
        class: 'bar', x: x.toFixed(1), y: y.toFixed(1), width: barW.toFixed(1), height: barH.toFixed(1),
        'data-hour': hour, 'data-amount-fen': fen, 'data-count': entry.count || 0,
      }, s('title', null, `${hh}:00–${hh}:59  ${fmtInt(entry.count || 0)} 笔  ${fmtYuan(fen)} 元`)));
      if (fen > 0) {
        const lx = x + barW / 2 + 3, ly = y - 4;
        svg.append(s('text', { class: 'bar-value', x: lx.toFixed(1), y: ly.toFixed(1),
          transform: `rotate(-90 ${lx.toFixed(1)} ${ly.toFixed(1)})` }, fmtYuan(fen)));
      }
      svg.append(s('text', { class: 'tick x-tick', x: (x + barW / 2).toFixed(1), y: top + plotH + 16,
        'text-anchor': 'middle' }, String(hour)));
    }
    svg.append(s('text', { class: 'axis-label', x: left + plotW / 2, y: H - 6, 'text-anchor': 'middle' }, '时'));
    return svg;
  }

  function tile(id, label, value, detail, href) {
    const body = [h('div', { class: 'tile-label' }, label), h('div', { class: 'tile-value' }, value),
      detail ? h('div', { class: 'tile-detail' }, detail) : null];
    return href ? h('a', { id, class: 'tile', href, 'data-testid': id }, body)
      : h('div', { id, class: 'tile', 'data-testid': id }, body);
  }

  function reconTile(last, role) {
    if (!last) return tile('tile-recon', '最近对账', '暂无', null, canSee(role) ? '#/recon' : null);
    const agreed = last.result === 'agreed';
    const value = h('span', { class: agreed ? 'result-ok' : 'result-bad' }, reconResult(last.result));
    const detail = [`${orDash(last.business_date)} · 相符 ${fmtInt(last.matched)}`,
      `仅本站 ${fmtInt(last.local_only)} · 仅SG186 ${fmtInt(last.upstream_only)}`,
      `金额不符 ${fmtInt(last.amount_mismatch)} · 状态不符 ${fmtInt(last.state_mismatch)}`].join('\n');
    return tile('tile-recon', '最近对账', value, detail,
      canSee(role) ? `#/recon/${encodeURIComponent(last.run_id)}` : null);
  }

  async function renderToday(r) {
    const date = r.params.get('date') || '';
    const d = await api('/api/overview' + (date ? `?${queryString({ date })}` : ''));
    const role = session.me.role;
    const picker = h('input', { type: 'date', id: 'date-picker', value: d.business_date || date,
      onchange: (e) => { if (e.target.value) navigate(`#/today?${queryString({ date: e.target.value })}`); } });
    const hours = d.hours || [];
    const dayCount = hours.reduce((a, x) => a + (Number(x.count) || 0), 0);
    const dayFen = hours.reduce((a, x) => a + BigInt(Math.round(Number(x.amount_fen) || 0)), 0n);
    const saf = d.saf || {};
    const tiles = h('div', { class: 'tiles', id: 'tiles' },
      tile('tile-in-doubt', '存疑交易', fmtInt(d.in_doubt), '待核实处理', `#/txns?${queryString({ state: 'in_doubt' })}`),
      tile('tile-saf', '补发队列', `${fmtInt(saf.queued)} / ${fmtInt(saf.manual)}`, '排队中 / 待人工', canSee(role) ? '#/saf' : null),
      tile('tile-alerts', '未处理告警', fmtInt(d.alerts_open), null, canSee(role) ? '#/alerts?open=1' : null),
      reconTile(d.last_recon, role));
    const ops = d.operators || [];
    const sum = (k) => ops.reduce((a, o) => a + BigInt(Math.round(Number(o[k]) || 0)), 0n);
    const num = 'num';
    return frag(
      pageTitle('今日概览', h('label', { class: 'inline-field' }, '营业日 ', picker)),
      tiles,
      section('hour-panel', '分时收费金额（元）',
        h('p', { class: 'summary', id: 'day-total' }, `营业日 ${orDash(d.business_date)} · 共 ${fmtInt(dayCount)} 笔 · ${fmtYuan(dayFen)} 元`),
        h('div', { class: 'chart-box' }, hourChart(hours))),
      section('operators-panel', '收费员汇总',
        dataTable({
          id: 'today-operators',
          columns: [['收费员'], ['姓名'], ['供电所'], ['收费笔数', num], ['收费金额', num], ['冲正笔数', num],
            ['冲正金额', num], ['在途资金', num]],
          rows: ops,
          attrs: (o) => ({ 'data-operator-id': o.operator_id }),
          cells: (o) => [orDash(o.operator_id), orDash(o.name), orDash(o.station), fmtInt(o.collected_count),
            money(o.collected_fen), fmtInt(o.reversed_count), money(o.reversed_fen), money(o.in_transit_fen)],
          foot: ops.length ? ['合计', '', '', fmtInt(sum('collected_count')), fmtYuan(sum('collected_fen')),
            fmtInt(sum('reversed_count')), fmtYuan(sum('reversed_fen')), fmtYuan(sum('in_transit_fen'))] : null,
          empty: '当日无收费',
        })));
  }

  // ------------------------------------------------------ transactions page

  const TXN_FILTERS = ['customer', 'tid', 'operator', 'serial', 'from', 'to', 'state', 'txn'];
  const PAGE_SIZE = 50;

  async function renderTxns(r) {
    const filters = {};
    for (const k of TXN_FILTERS) filters[k] = (r.params.get(k) || '').trim();
    const page = Math.max(1, parseInt(r.params.get('page') || '1', 10) || 1);
    const d = await api(`/api/transactions?${queryString({ ...filters, page, page_size: PAGE_SIZE })}`);

    const input = (key, label, type = 'text') => h('label', { class: 'field' }, h('span', null, label),
      h('input', { id: `q-${key}`, name: key, type, value: filters[key], autocomplete: 'off' }));
    const form = h('form', { id: 'txn-search', class: 'search-form', role: 'search' },
      input('customer', '户号'), input('tid', '终端'), input('operator', '收费员'), input('serial', 'SG186流水号'),
      input('from', '营业日起', 'date'), input('to', '营业日止', 'date'),
      h('label', { class: 'field' }, h('span', null, '状态'),
        select('q-state', [['', '全部状态'], ['in_doubt', '存疑（处理中/存疑/待人工）'], ...Object.entries(STATE_NAMES)], filters.state, 'state')),
      h('label', { class: 'field' }, h('span', null, '业务'),
        select('q-txn', [['', '全部业务'], ...Object.entries(TXN_NAMES).map(([c, n]) => [c, `${c} ${n}`])], filters.txn, 'txn')),
      h('div', { class: 'form-buttons' },
        h('button', { type: 'submit', id: 'q-search' }, '查询'),
        h('button', { type: 'button', id: 'q-reset', class: 'secondary', onclick: () => navigate('#/txns') }, '清空')));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const next = {};
      for (const k of TXN_FILTERS) next[k] = form.elements[k].value.trim();
      const q = queryString(next);
      navigate(q ? `#/txns?${q}` : '#/txns');
    });

    const total = Number(d.total) || 0;
    const size = Number(d.page_size) || PAGE_SIZE;
    const pages = Math.max(1, Math.ceil(total / size));
    const current = Number(d.page) || page;
    const goPage = (p) => navigate(`#/txns?${queryString({ ...filters, page: p })}`);
    const csvQuery = queryString(filters);
    const pager = h('div', { class: 'pager', id: 'pager' },
      h('button', { type: 'button', id: 'page-prev', class: 'secondary', disabled: current <= 1, onclick: () => goPage(current - 1) }, '上一页'),
      h('span', { id: 'page-info' }, `第 ${current} / ${pages} 页`),
      h('button', { type: 'button', id: 'page-next', class: 'secondary', disabled: current >= pages, onclick: () => goPage(current + 1) }, '下一页'));

    return frag(
      pageTitle('交易查询'),
      form,
      h('div', { class: 'result-bar' },
        h('span', { id: 'txn-total', 'data-total': total }, `共 ${fmtInt(total)} 笔`),
        link(`/api/transactions.csv${csvQuery ? `?${csvQuery}` : ''}`, '导出 CSV', { id: 'csv-export', class: 'button-link', download: 'transactions.csv' })),
      dataTable({
        id: 'txn-table',
        columns: [['交易号'], ['时间', 'nowrap'], ['营业日', 'nowrap'], ['终端'], ['供电所'], ['收费员'], ['业务'], ['户号'],
          ['金额(元)', 'num'], ['状态'], ['SG186流水号'], ['应答码']],
        rows: d.rows,
        attrs: (t) => ({ class: 'txn-row clickable', 'data-txn-id': t.txn_id, 'data-txn': t.txn, 'data-station': t.station,
          'data-href': `#/txn/${encodeURIComponent(t.txn_id)}` }),
        cells: (t) => [txnLink(t.txn_id), fmtTime(t.created_at), orDash(t.business_date), orDash(t.tid), orDash(t.station),
          orDash(t.operator_id), h('span', { title: orDash(t.txn) }, TXN_NAMES[t.txn] || t.txn_name || orDash(t.txn)),
          h('span', { class: 'customer-no' }, orDash(t.customer_no)), money(t.amount_fen), stateBadge(t.state),
          h('span', { class: 'serial' }, orDash(t.sg186_serial)), orDash(t.response_code)],
        empty: '没有符合条件的交易',
      }),
      pager);
  }

  // ------------------------------------------------------- transaction page

  const RECORD_FIELDS = [
    ['txn_id', '交易号'], ['business_date', '营业日'], ['created_at', '时间', fmtTime], ['tid', '终端'],
    ['station', '供电所'], ['seq', '终端流水'], ['operator_id', '收费员'],
    ['txn', '业务', (v, rec) => `${orDash(v)} ${TXN_NAMES[v] || rec.txn_name || ''}`.trim()],
    ['customer_no', '户号'], ['amount_fen', '金额(元)', fmtYuan], ['state', '状态', (v) => stateBadge(v)],
    ['sg186_serial', 'SG186流水号'], ['charge_id', '扣款号'], ['response_code', '应答码'], ['receipt_no', '收据号'],
  ];
  const RECORD_SKIP = new Set(['txn_name', 'receipt_lines']);

  function recordList(rec) {
    const known = new Set(RECORD_FIELDS.map(([k]) => k));
    const entries = RECORD_FIELDS.map(([k, label, f]) => [label, f ? f(rec[k], rec) : orDash(rec[k]), k]);
    for (const [k, v] of Object.entries(rec)) { // fields the page does not know yet, shown as they come
      if (known.has(k) || RECORD_SKIP.has(k)) continue;
      entries.push([k, v !== null && typeof v === 'object' ? JSON.stringify(v) : orDash(v), k]);
    }
    return defList('txn-record', entries);
  }

  function journalTable(rows) {
    return dataTable({
      id: 'journal-rows',
      columns: [['时间', 'nowrap'], ['链/位置', 'nowrap'], ['类型', 'nowrap'], ['代码'], ['原始报文（十六进制）', 'hex-col'], ['解码内容', 'json-col'], ['备注']],
      rows,
      attrs: (j) => ({ class: 'journal-row', 'data-kind': j.kind, 'data-journal-id': j.journal_id }),
      cells: (j) => {
        const hex = hexLines(j.raw_hex);
        let raw = j.raw_hex ? [h('div', { class: 'byte-count' }, `${hex.count} 字节`), h('pre', { class: 'raw-hex' }, hex.text)] : DASH;
        if (j.raw_hidden) raw = h('span', { class: 'decoded-hidden' }, '已隐藏（SG186明文报文仅审计员可见）');
        let decoded = DASH;
        if (j.decoded_hidden) decoded = h('span', { class: 'decoded-hidden' }, '已隐藏（仅审计员可见解密报文）');
        else if (j.decoded !== null && j.decoded !== undefined) decoded = h('pre', { class: 'decoded-json' }, JSON.stringify(j.decoded, null, 2));
        return [fmtTime(j.recorded_at), `${orDash(j.chain)} #${orDash(j.chain_pos)}`,
          h('span', { title: orDash(j.kind) }, JOURNAL_KINDS[j.kind] || orDash(j.kind)), orDash(j.code), raw, decoded, orDash(j.note)];
      },
      empty: '无日志记录',
    });
  }

  function resolveForm(rec) {
    const result = h('p', { id: 'resolve-result', class: 'form-result', role: 'status' });
    const reason = h('input', { id: 'resolve-reason', name: 'reason', type: 'text', required: true, maxlength: 500, placeholder: '处理原因（必填）' });
    const as = select('resolve-as', [['succeeded', '按成功处理（已扣款）'], ['reversed', '按已冲正处理'], ['not-charged', '按未扣款处理']], 'succeeded');
    const button = h('button', { type: 'submit', id: 'resolve-submit' }, '提交');
    const form = h('form', { id: 'resolve-form', class: 'inline-form' },
      h('label', { class: 'field' }, h('span', null, '处理为'), as),
      h('label', { class: 'field wide' }, h('span', null, '原因'), reason), button);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const why = reason.value.trim();
      if (!why) { result.className = 'form-result error'; result.textContent = '请填写处理原因'; return; }
      button.disabled = true;
      result.className = 'form-result';
      result.textContent = '提交中…';
      try {
        const d = await apiPost(`/api/transactions/${encodeURIComponent(rec.txn_id)}/resolve`, { as: as.value, reason: why });
        const abandoned = (d.saf_abandoned || []).length ? `，已放弃补发 ${d.saf_abandoned.join(', ')}` : '';
        result.className = 'form-result ok';
        result.textContent = `已处理：${stateName(d.from)} → ${stateName(d.to)}${abandoned}`;
        setTimeout(() => navigate(window.location.hash), 800); // draw the new state
      } catch (err) {
        button.disabled = false;
        result.className = 'form-result error';
        result.textContent = actionError(err);
      }
    });
    return section('resolve', '手工处理', h('p', { class: 'hint' }, '核实 SG186 结果后，按实际情况处理该笔交易（记入审计日志）。'), form, result);
  }

  async function renderTxn(r) {
    const d = await api(`/api/transactions/${encodeURIComponent(r.id)}`);
    const rec = d.record || {};
    const lines = rec.receipt_lines;
    const parts = [
      pageTitle(`交易详情 ${orDash(rec.txn_id)}`, link('#/txns', '返回查询', { class: 'back-link', id: 'back-to-search' })),
      d.decrypted_shown ? h('p', { class: 'notice', id: 'decrypted-notice' }, '本页显示了解密的终端报文，此次查看已记入审计日志。') : null,
      section('record-panel', '交易记录', recordList(rec)),
      section('receipt-panel', '收据（打印内容）', Array.isArray(lines) && lines.length
        ? h('pre', { id: 'receipt', class: 'receipt' }, lines.join('\n'))
        : h('p', { id: 'receipt-none', class: 'muted' }, '无收据')),
      section('journal-panel', '报文日志', journalTable(d.journal)),
      section('saf-panel', '补发记录', dataTable({
        id: 'txn-saf',
        columns: [['编号'], ['用途'], ['SG186业务'], ['流水号'], ['状态'], ['尝试次数', 'num'], ['最近结果'], ['创建时间', 'nowrap'], ['完成时间', 'nowrap']],
        rows: d.saf,
        attrs: (x) => ({ 'data-saf-id': x.saf_id }),
        cells: (x) => [orDash(x.saf_id), SAF_PURPOSES[x.purpose] || orDash(x.purpose), orDash(x.sg186_txn), orDash(x.serial),
          SAF_STATES[x.state] || orDash(x.state), fmtInt(x.attempts), orDash(x.last_result), fmtTime(x.created_at), fmtTime(x.finished_at)],
        empty: '无补发记录',
      })),
      section('recon-items-panel', '对账记录', dataTable({
        id: 'txn-recon-items',
        columns: [['对账批次'], ['营业日', 'nowrap'], ['类别'], ['本站状态'], ['SG186状态'], ['本站金额', 'num'], ['SG186金额', 'num'], ['备注']],
        rows: d.recon_items,
        cells: (x) => [link(`#/recon/${encodeURIComponent(x.run_id)}`, orDash(x.run_id)), orDash(x.business_date),
          RECON_CLASSES[x.class] || orDash(x.class), stateName(x.station_state), orDash(x.sg186_status),
          money(x.station_amount_fen), money(x.sg186_amount_fen), orDash(x.note)],
        empty: '无对账差异',
      })),
    ];
    if (session.me.role === 'ops' && RESOLVABLE.includes(rec.state)) parts.push(resolveForm(rec));
    return frag(parts);
  }

  // ------------------------------------------------------------ recon pages

  const RUN_COLUMNS = [['批次'], ['营业日', 'nowrap'], ['机构'], ['开始', 'nowrap'], ['完成', 'nowrap'], ['执行人'], ['结果', 'nowrap'],
    ['本站笔数', 'num'], ['本站金额', 'num'], ['SG186笔数', 'num'], ['SG186金额', 'num'], ['相符', 'num'],
    ['仅本站有', 'num'], ['仅SG186有', 'num'], ['金额不符', 'num'], ['状态不符', 'num']];

  const resultBadge = (res) => h('span', { class: res === 'agreed' ? 'result-ok' : 'result-bad' }, reconResult(res));

  async function renderRecon(r) {
    if (r.id) return renderReconRun(r.id);
    const d = await api('/api/recon/runs');
    return frag(pageTitle('对账'), dataTable({
      id: 'recon-runs',
      columns: RUN_COLUMNS,
      rows: d.runs,
      attrs: (x) => ({ 'data-run-id': x.run_id }),
      cells: (x) => [link(`#/recon/${encodeURIComponent(x.run_id)}`, orDash(x.run_id), { class: 'run-link' }),
        orDash(x.business_date), orDash(x.agency), fmtTime(x.started_at), fmtTime(x.finished_at), orDash(x.run_by),
        resultBadge(x.result), fmtInt(x.station_count), money(x.station_amount_fen), fmtInt(x.sg186_count),
        money(x.sg186_amount_fen), fmtInt(x.matched), fmtInt(x.local_only), fmtInt(x.upstream_only),
        fmtInt(x.amount_mismatch), fmtInt(x.state_mismatch)],
      empty: '尚无对账记录',
    }));
  }

  async function renderReconRun(id) {
    const d = await api(`/api/recon/runs/${encodeURIComponent(id)}`);
    const run = d.run || {};
    return frag(
      pageTitle(`对账批次 ${orDash(run.run_id)}`, link('#/recon', '返回对账列表', { class: 'back-link' })),
      section('recon-run-panel', '批次', defList('recon-run', [
        ['营业日', orDash(run.business_date)], ['机构', orDash(run.agency)], ['开始', fmtTime(run.started_at)],
        ['完成', fmtTime(run.finished_at)], ['执行人', orDash(run.run_by)], ['结果', resultBadge(run.result), 'result'],
        ['本站', `${fmtInt(run.station_count)} 笔 · ${fmtYuan(run.station_amount_fen)} 元`],
        ['SG186', `${fmtInt(run.sg186_count)} 笔 · ${fmtYuan(run.sg186_amount_fen)} 元`],
        ['相符', fmtInt(run.matched)],
        ['差异', `仅本站有 ${fmtInt(run.local_only)} · 仅SG186有 ${fmtInt(run.upstream_only)} · 金额不符 ${fmtInt(run.amount_mismatch)} · 状态不符 ${fmtInt(run.state_mismatch)}`],
      ])),
      section('recon-items-panel', '差异明细', h('p', { class: 'hint' }, '点交易号到交易详情页核实与处理。'), dataTable({
        id: 'recon-items',
        columns: [['SG186流水号'], ['类别'], ['交易号'], ['户号'], ['本站金额', 'num'], ['SG186金额', 'num'], ['本站状态'],
          ['SG186状态'], ['SG186业务'], ['当前状态'], ['备注']],
        rows: d.items,
        attrs: (x) => ({ class: `recon-item class-${x.class}`, 'data-serial': x.serial }),
        cells: (x) => [orDash(x.serial), RECON_CLASSES[x.class] || orDash(x.class), txnLink(x.txn_id), orDash(x.customer_no),
          money(x.station_amount_fen), money(x.sg186_amount_fen), stateName(x.station_state), orDash(x.sg186_status),
          x.sg186_txn_code ? txnName(x.sg186_txn_code) : DASH, x.txn_state ? stateBadge(x.txn_state) : DASH, orDash(x.note)],
        empty: '无差异',
      })));
  }

  // -------------------------------------------------------------- SAF page

  async function renderSaf(r) {
    const state = r.params.get('state') || '';
    const d = await api(`/api/saf${state ? `?${queryString({ state })}` : ''}`);
    const filter = select('saf-state', [['', '全部'], ...Object.entries(SAF_STATES)], state);
    filter.addEventListener('change', () => navigate(filter.value ? `#/saf?${queryString({ state: filter.value })}` : '#/saf'));
    return frag(
      pageTitle('补发队列', h('label', { class: 'inline-field' }, '状态 ', filter)),
      dataTable({
        id: 'saf-table',
        columns: [['编号'], ['交易号'], ['用途'], ['SG186业务'], ['流水号'], ['状态'], ['尝试次数', 'num'],
          ['下次尝试', 'nowrap'], ['最近结果'], ['创建时间', 'nowrap'], ['完成时间', 'nowrap']],
        rows: d.entries,
        attrs: (x) => ({ class: `saf-row saf-${x.state}`, 'data-saf-id': x.saf_id }),
        cells: (x) => [orDash(x.saf_id), txnLink(x.txn_id), SAF_PURPOSES[x.purpose] || orDash(x.purpose), orDash(x.sg186_txn),
          orDash(x.serial), h('span', { class: `saf-state saf-state-${x.state}` }, SAF_STATES[x.state] || orDash(x.state)),
          fmtInt(x.attempts), fmtTime(x.next_attempt_at), orDash(x.last_result), fmtTime(x.created_at), fmtTime(x.finished_at)],
        empty: '队列为空',
      }));
  }

  // ----------------------------------------------------------- alerts page

  /** The message for a failed POST. */
  function actionError(err) {
    if (err.code === 'csrf') return '会话校验失败，请刷新页面后重试';
    if (err.status === 403) return '无权执行此操作';
    if (err.status === 409) return `未执行：${err.message}`;
    return `失败：${err.message}`;
  }

  function ackDone(cell, by, reason, at) {
    cell.replaceChildren(
      h('div', { class: 'ack-by' }, `已确认 · ${orDash(by)}${at ? ` · ${fmtTime(at)}` : ''}`),
      h('div', { class: 'ack-reason-text' }, orDash(reason)));
  }

  function ackCell(alert, row) {
    const cell = h('div', { class: 'ack-cell' });
    if (alert.acknowledged_at || alert.acknowledged_by) {
      ackDone(cell, alert.acknowledged_by, alert.ack_reason, alert.acknowledged_at);
      return cell;
    }
    if (!canSee(session.me.role)) { cell.append(h('span', { class: 'muted' }, '未处理')); return cell; }
    const reason = h('input', { type: 'text', class: 'ack-reason', name: 'reason', placeholder: '确认原因（必填）', maxlength: 500, 'aria-label': '确认原因' });
    const button = h('button', { type: 'submit', class: 'ack-button' }, '确认');
    const msg = h('div', { class: 'ack-error', role: 'status' });
    const form = h('form', { class: 'ack-form' }, reason, button);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const why = reason.value.trim();
      if (!why) { msg.textContent = '请填写确认原因'; reason.focus(); return; }
      button.disabled = true;
      msg.textContent = '';
      try {
        const d = await apiPost(`/api/alerts/${encodeURIComponent(alert.alert_id)}/ack`, { reason: why });
        ackDone(cell, d.acknowledged_by, d.ack_reason, null);
        row.dataset.acknowledged = '1';
        row.classList.add('acknowledged');
      } catch (err) {
        button.disabled = false;
        msg.textContent = err.status === 409 ? '该告警已被确认，请刷新查看' : actionError(err);
      }
    });
    cell.append(form, msg);
    return cell;
  }

  async function renderAlerts(r) {
    const open = r.params.get('open') === '1';
    const d = await api(`/api/alerts${open ? '?open=1' : ''}`);
    const only = h('input', { type: 'checkbox', id: 'alerts-open-only', checked: open });
    only.addEventListener('change', () => navigate(only.checked ? '#/alerts?open=1' : '#/alerts'));
    const isAcked = (a) => Boolean(a.acknowledged_at || a.acknowledged_by);
    return frag(
      pageTitle('告警', h('label', { class: 'inline-field' }, only, ' 仅未处理')),
      dataTable({
        id: 'alert-table',
        columns: [['编号'], ['时间', 'nowrap'], ['级别'], ['类型'], ['对象'], ['内容'], ['确认', 'ack-col']],
        rows: d.alerts,
        attrs: (a) => ({ class: `alert-row severity-${a.severity}${isAcked(a) ? ' acknowledged' : ''}`,
          'data-alert-id': a.alert_id, 'data-acknowledged': isAcked(a) ? '1' : '0' }),
        cells: (a, row) => [orDash(a.alert_id), fmtTime(a.raised_at),
          h('span', { class: `severity severity-${a.severity}` }, SEVERITIES[a.severity] || orDash(a.severity)),
          orDash(a.kind), orDash(a.subject), orDash(a.message), ackCell(a, row)],
        empty: open ? '无未处理告警' : '无告警',
      }));
  }

  // ------------------------------------------------ terminals and operators

  const enabledText = (v) => h('span', { class: v ? 'enabled' : 'disabled' }, v ? '启用' : '停用');

  async function renderTerminals() {
    const d = await api('/api/terminals');
    return frag(pageTitle('终端'), dataTable({
      id: 'terminal-table',
      columns: [['终端'], ['供电所'], ['绑定IP'], ['状态'], ['密钥版本', 'num'], ['最近在线', 'nowrap'], ['最近签到收费员'], ['今日签到失败', 'num']],
      rows: d.terminals,
      attrs: (t) => ({ 'data-tid': t.tid }),
      cells: (t) => [orDash(t.tid), orDash(t.station), orDash(t.bound_ip), enabledText(t.enabled), orDash(t.key_version),
        fmtTime(t.last_seen_at), orDash(t.operator_id), fmtInt(t.sign_on_failures_today)],
      empty: '无终端',
    }));
  }

  async function renderOperators() {
    const d = await api('/api/operators');
    return frag(pageTitle('收费员'), dataTable({
      id: 'operator-table',
      columns: [['收费员'], ['姓名'], ['供电所'], ['状态'], ['锁定至', 'nowrap'], ['15分钟内失败', 'num'], ['最近签到', 'nowrap']],
      rows: d.operators,
      attrs: (o) => ({ 'data-operator-id': o.operator_id, class: o.locked_until ? 'locked' : null }),
      cells: (o) => [orDash(o.operator_id), orDash(o.name), orDash(o.station), enabledText(o.enabled),
        o.locked_until ? h('span', { class: 'locked-until' }, fmtTime(o.locked_until)) : DASH,
        fmtInt(o.login_failures_15min), fmtTime(o.last_sign_on_at)],
      empty: '无收费员',
    }));
  }

  // ------------------------------------------------------------ chain page

  const intactText = (v) => h('span', { class: v ? 'result-ok' : 'result-bad' }, v ? '完好' : '已损坏');

  async function renderChain() {
    const d = await api('/api/chain');
    const v = d.last_verify;
    const c = d.last_checkpoint;
    return frag(
      pageTitle('日志链'),
      section('chain-heads-panel', '链头', dataTable({
        id: 'chain-heads',
        columns: [['链'], ['位置', 'num'], ['行数', 'num'], ['最新记录时间', 'nowrap']],
        rows: d.chains,
        attrs: (x) => ({ 'data-chain': x.chain }),
        cells: (x) => [orDash(x.chain), fmtInt(x.position), fmtInt(x.rows), fmtTime(x.head_recorded_at)],
        empty: '无日志链',
      })),
      section('chain-verify', '最近校验', v ? [
        defList('chain-verify-summary', [['时间', fmtTime(v.verified_at)], ['执行人', orDash(v.run_by)], ['结果', intactText(v.intact), 'intact']]),
        dataTable({
          id: 'chain-verify-chains',
          columns: [['链'], ['已校验行数', 'num'], ['结果'], ['位置（断点或末行）', 'num'], ['原因']],
          rows: v.chains,
          // A broken chain has the position of its first bad row, an intact one its last position.
          cells: (x) => [orDash(x.chain), fmtInt(x.rows_verified), intactText(x.intact),
            fmtInt(x.intact ? x.last_position : x.position), orDash(x.reason)],
        })] : h('p', { class: 'muted' }, '尚未校验')),
      section('chain-checkpoint', '最近检查点', c ? [
        defList('chain-checkpoint-summary', [['文件', orDash(c.file)], ['时间', fmtTime(c.taken_at)], ['实例', orDash(c.instance)],
          ['有效', h('span', { class: c.valid ? 'result-ok' : 'result-bad' }, c.valid ? '有效' : '无效'), 'valid'],
          ['错误', orDash(c.error)]]),
        dataTable({
          id: 'chain-checkpoint-chains',
          columns: [['链'], ['位置', 'num'], ['行数', 'num']],
          rows: c.chains,
          cells: (x) => [orDash(x.chain), fmtInt(x.position), fmtInt(x.rows)],
        })] : h('p', { class: 'muted' }, '尚无检查点')));
  }

  // ------------------------------------------------------------- the router

  const ROUTES = {
    today: renderToday, txns: renderTxns, txn: renderTxn, recon: renderRecon, saf: renderSaf,
    alerts: renderAlerts, terminals: renderTerminals, operators: renderOperators, chain: renderChain,
  };
  const NAV_OF = { txn: 'txns' }; // the nav entry a page belongs to

  /** "#/name/id?query" → {name, id, params}. */
  function parseHash() {
    const raw = window.location.hash.replace(/^#\/?/, '');
    const q = raw.indexOf('?');
    const path = q >= 0 ? raw.slice(0, q) : raw;
    const segs = path.split('/').filter(Boolean).map((x) => { try { return decodeURIComponent(x); } catch (e) { return x; } });
    return { name: segs[0] || 'today', id: segs[1] || null, params: new URLSearchParams(q >= 0 ? raw.slice(q + 1) : '') };
  }

  let renderSeq = 0;

  function setView(state, page, ...children) {
    const view = document.getElementById('view');
    view.dataset.state = state;
    view.dataset.page = page;
    if (children.length) view.replaceChildren(...children);
  }

  function showFailure(page, err) {
    if (err.status === 401) return; // on the way to the login page
    if (err.status === 403) {
      setView('forbidden', page, h('div', { id: 'forbidden', class: 'forbidden', role: 'alert' }, '无权查看'));
    } else if (err.status === 404) {
      setView('error', page, h('div', { id: 'view-error', class: 'view-error', role: 'alert' }, '未找到'));
    } else {
      setView('error', page, h('div', { id: 'view-error', class: 'view-error', role: 'alert' }, `加载失败：${err.message}`));
    }
  }

  /** Draws the page the hash names. A newer navigation wins over a slower older one. */
  async function route() {
    const r = parseHash();
    const seq = ++renderSeq;
    const nav = NAV_OF[r.name] || r.name;
    for (const a of document.querySelectorAll('#nav a')) {
      const on = a.dataset.route === nav;
      a.classList.toggle('active', on);
      if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    const render = ROUTES[r.name];
    if (!render) { showFailure(r.name, new ApiError(404, 'not_found', 'no such page')); return; }
    setView('loading', r.name);
    document.getElementById('view').setAttribute('aria-busy', 'true');
    try {
      const content = await render(r);
      if (seq !== renderSeq) return;
      setView('ready', r.name, content);
    } catch (err) {
      if (seq !== renderSeq) return;
      if (!(err instanceof ApiError)) console.error(err); // eslint-disable-line no-console
      showFailure(r.name, err instanceof ApiError ? err : new ApiError(0, 'client', String(err.message || err)));
    } finally {
      if (seq === renderSeq) document.getElementById('view').removeAttribute('aria-busy');
    }
  }

  /** Rows of the transaction table open the transaction (the first cell is the link). */
  function onViewClick(e) {
    const row = e.target.closest('tr[data-href]');
    if (!row || e.target.closest('a, button, input, select')) return;
    navigate(row.dataset.href);
  }

  async function init() {
    try {
      session.me = await api('/api/me');
    } catch (err) {
      showFailure('me', err);
      return;
    }
    const me = session.me;
    const who = [me.login, ROLE_NAMES[me.role] || me.role, me.station].filter(Boolean).join(' · ');
    const whoami = document.getElementById('whoami');
    whoami.textContent = who;
    whoami.dataset.role = me.role;
    document.getElementById('logout-csrf').value = me.csrf_token || '';
    document.body.dataset.role = me.role;
    for (const a of document.querySelectorAll('#nav a[data-roles]')) {
      a.hidden = !a.dataset.roles.split(' ').includes(me.role);
    }
    document.getElementById('view').addEventListener('click', onViewClick);
    window.addEventListener('hashchange', route);
    if (!window.location.hash || window.location.hash === '#' || window.location.hash === '#/') {
      window.history.replaceState(null, '', '#/today');
    }
    await route();
  }

  init();
})();
