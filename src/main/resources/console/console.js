// Operations console for the YunoJuno webhook pack. Plain browser JavaScript, no build step, no
// libraries. Everything shown comes from the admin API and goes into the page as text nodes only
// (never innerHTML), so nothing an event contains can run as code here.
'use strict';

(() => {
  const TOKEN_KEY = 'yunojuno.console.token';
  const AUTO_REFRESH_MS = 10000;

  /** Delivery statuses (webhook_delivery.status) in plain words, with a badge colour. */
  const DELIVERY = {
    pending: ['Queued for delivery', 'queued'],
    retrying: ['Waiting to retry', 'retrying'],
    delivered: ['Delivered', 'ok'],
    dead: ['Failed — will not retry', 'failed'],
  };
  /** Inbox statuses (webhook_inbox.status) in plain words. */
  const INBOX = {
    received: ['Received, not yet sent on', 'queued'],
    dispatched: ['Sent on to its sinks', 'ok'],
    unrouted: ['Unknown event type, kept', 'muted'],
    skipped: ['Test event, recorded only', 'muted'],
  };
  /** The event types YunoJuno documents; types seen in the list are added to the suggestions. */
  const CATALOGUE = [
    'client.client_contact.created', 'client.client_contact.registered',
    'client.client_contact.onboarding_completed', 'client.client_contact.custom_fields_updated',
    'client.contract.approved', 'client.contract.offered', 'client.contract.revoked',
    'client.contract.accepted', 'client.contract.cancelled', 'client.contract.notice_served',
    'client.contract.completed', 'client.contract.deleted', 'client.spend_request.created',
    'client.spend_request.updated', 'client.spend_request.approved',
  ];

  const state = { selected: null, generation: 0, autoTimer: null, followUps: [], knownTypes: new Set(CATALOGUE) };
  const $ = (id) => document.getElementById(id);

  // ---------- DOM helpers: text only ----------

  /** Builds an element; string children become text nodes. attrs: class, title, type, data-*, aria-*, disabled. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name === 'class') node.className = value;
      else if (name === 'disabled') node.disabled = true;
      else node.setAttribute(name, String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function replace(container, ...children) {
    container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
  }

  function badge(words, colour, title) {
    return el('span', { class: 'badge ' + colour, title }, words);
  }

  function deliveryBadge(status) {
    const [words, colour] = DELIVERY[status] || [status || 'unknown', 'muted'];
    return badge(words, colour);
  }

  /** The stored event's status; an event dispatched to no sink at all says so instead of "sent on". */
  function inboxBadge(status, deliveries) {
    if (status === 'dispatched' && Array.isArray(deliveries) && deliveries.length === 0) {
      return badge('No sink configured for this type', 'muted');
    }
    const [words, colour] = INBOX[status] || [status || 'unknown', 'muted'];
    return badge(words, colour);
  }

  /** A time element in the browser's local time; the exact UTC instant is in the tooltip. */
  function time(iso, withRelative) {
    if (!iso) return el('span', { class: 'muted' }, '—');
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return el('span', {}, iso);
    const options = { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' };
    if (d.getFullYear() !== new Date().getFullYear()) options.year = 'numeric';
    const text = d.toLocaleString(undefined, options);
    return el('time', { datetime: iso, title: d.toISOString() + ' (UTC)' }, text, withRelative ? ' (' + relative(d) + ')' : '');
  }

  function relative(date) {
    const seconds = Math.round((date.getTime() - Date.now()) / 1000);
    const abs = Math.abs(seconds);
    const amount = abs < 90 ? abs + ' s' : abs < 5400 ? Math.round(abs / 60) + ' min' : Math.round(abs / 3600) + ' h';
    return seconds >= 0 ? 'in ' + amount : amount + ' ago';
  }

  function mode(value) {
    return value === 'test' ? badge('Test', 'muted', 'Sent by YunoJuno as a test') : badge('Live', 'plain');
  }

  // ---------- talking to the admin API ----------

  class Unauthorized extends Error {}

  async function api(method, path) {
    const token = sessionStorage.getItem(TOKEN_KEY);
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new Error('The pack could not be reached (' + e.message + '). Is it running?');
    }
    if (response.status === 401) throw new Unauthorized('The admin token was not accepted.');
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const why = body && (body.message || body.error);
      throw new Error('The pack answered ' + response.status + (why ? ': ' + why : '') + '.');
    }
    return body;
  }

  function notice(text, kind) {
    const n = $('notice');
    n.className = 'notice ' + (kind || 'info');
    n.textContent = text;
    n.hidden = !text;
  }

  function failed(error) {
    if (error instanceof Unauthorized) {
      signOut(error.message + ' Enter it again.');
    } else {
      notice(error.message, 'error');
    }
  }

  // ---------- sign in / out ----------

  function showLogin(message) {
    $('app').hidden = true;
    $('session').hidden = true;
    $('login').hidden = false;
    const err = $('login-error');
    err.textContent = message || '';
    err.hidden = !message;
    $('token').value = '';
    $('token').focus();
  }

  function showApp() {
    $('login').hidden = true;
    $('app').hidden = false;
    $('session').hidden = false;
    scheduleAutoRefresh();
    refresh();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    clearTimers();
    state.selected = null;
    showLogin(message);
  }

  async function signIn(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    try {
      await api('GET', '/admin/sinks');
      showApp();
    } catch (e) {
      sessionStorage.removeItem(TOKEN_KEY);
      showLogin(e instanceof Unauthorized ? 'That token was not accepted. Check admin.token in the pack\'s settings.' : e.message);
    }
  }

  // ---------- refreshing ----------

  function clearTimers() {
    clearInterval(state.autoTimer);
    state.autoTimer = null;
    state.followUps.forEach(clearTimeout);
    state.followUps = [];
  }

  function scheduleAutoRefresh() {
    clearInterval(state.autoTimer);
    state.autoTimer = $('auto-refresh').checked ? setInterval(refresh, AUTO_REFRESH_MS) : null;
  }

  /** After a replay: look again soon, a few times, so the operator sees the outcome without reloading. */
  function followUp() {
    state.followUps.forEach(clearTimeout);
    state.followUps = [1000, 2500, 5000, 9000].map((ms) => setTimeout(refresh, ms));
  }

  async function refresh() {
    if (!sessionStorage.getItem(TOKEN_KEY)) return;
    const generation = ++state.generation;
    try {
      const [watch, sinks, events, detail] = await Promise.all([
        api('GET', '/admin/watch').catch(() => null),
        api('GET', '/admin/sinks'),
        api('GET', '/admin/events?' + filterQuery()),
        state.selected ? api('GET', '/admin/events/' + encodeURIComponent(state.selected)).catch((e) => e) : null,
      ]);
      if (generation !== state.generation) return; // a newer refresh already drew the page
      renderWatch(watch);
      renderSinks(sinks);
      renderEvents(events);
      renderDetail(detail);
      $('refresh').title = 'Last updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      if (generation === state.generation) failed(e);
    }
  }

  function filterQuery() {
    const q = new URLSearchParams();
    const type = $('filter-type').value.trim();
    const status = $('filter-status').value;
    const since = $('filter-since').value;
    if (type) q.set('type', type);
    if (status) q.set('status', status);
    if (since) {
      const d = new Date(since); // datetime-local is the browser's local time
      if (!Number.isNaN(d.getTime())) q.set('since', d.toISOString());
    }
    q.set('limit', '100');
    return q.toString();
  }

  function filtersActive() {
    return Boolean($('filter-type').value.trim() || $('filter-status').value || $('filter-since').value);
  }

  // ---------- watch (refused messages against YunoJuno's retry deadline, silence) ----------

  function renderWatch(watch) {
    const box = $('watch');
    const parts = [];
    const refusals = watch && watch.refusals;
    if (refusals && refusals.outstanding > 0) {
      const reasons = Object.entries(refusals.byReason || {}).map(([r, n]) => r + ': ' + n).join(', ');
      parts.push(el('div', { class: 'watch-item', id: 'watch-refusals' },
        el('strong', {}, plural(refusals.outstanding, 'message', 'messages') + ' refused and not yet accepted'),
        ' (' + reasons + '). ',
        'YunoJuno stops retrying at ', el('strong', { id: 'watch-deadline' }, time(refusals.deadline, true)), '. ',
        'If that passes, use "Recover failed messages" in the YunoJuno portal from ',
        el('strong', { id: 'watch-recover-from' }, time(refusals.recoverFrom)), '.'));
    }
    const silence = watch && watch.silence;
    if (silence && silence.silent) {
      parts.push(el('div', { class: 'watch-item', id: 'watch-silence' },
        el('strong', {}, 'No webhook from YunoJuno '),
        silence.lastEventAt ? 'since ' + time(silence.lastEventAt, true) : 'since this pack started',
        '. The endpoint may be disabled in the YunoJuno portal: enable it, then "Recover failed messages" from that time, then "Replay missing".'));
    }
    if (watch && watch.storeUp === false) {
      parts.push(el('div', { class: 'watch-item', id: 'watch-store' }, el('strong', {}, 'The store is unavailable: '),
        'webhooks are answered 503 and YunoJuno retries them.'));
    }
    box.hidden = parts.length === 0;
    replace(box, ...parts);
  }

  // ---------- sinks ----------

  function renderSinks(sinks) {
    const box = $('sinks');
    if (!sinks || sinks.length === 0) {
      replace(box, el('p', { class: 'empty' },
        'No event has been sent to a sink yet. A sink appears here after its first delivery.'));
      return;
    }
    const rows = sinks.map((s) => {
      const waiting = Number(s.pending || 0) + Number(s.retrying || 0);
      const dead = Number(s.dead || 0);
      const button = el('button', { type: 'button', class: dead ? 'danger' : 'quiet', 'data-sink': s.sink, disabled: !dead },
        dead ? 'Replay ' + dead + ' failed' : 'Nothing to replay');
      button.addEventListener('click', () => replaySink(s.sink, button));
      return el('tr', { 'data-sink': s.sink },
        el('th', { scope: 'row' }, s.sink),
        el('td', { class: 'num' }, String(s.delivered || 0)),
        el('td', { class: 'num' }, String(waiting)),
        el('td', { class: 'num' + (dead ? ' failed-text' : '') }, String(dead)),
        el('td', {}, button));
    });
    replace(box, el('table', { class: 'grid', id: 'sinks-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Sink'),
        el('th', { scope: 'col', class: 'num' }, 'Delivered'),
        el('th', { scope: 'col', class: 'num', title: 'Queued or waiting to retry' }, 'Still trying'),
        el('th', { scope: 'col', class: 'num' }, 'Failed — will not retry'),
        el('th', { scope: 'col' }, 'Action'))),
      el('tbody', {}, rows)));
  }

  // ---------- events ----------

  function renderEvents(events) {
    const box = $('events');
    for (const e of events || []) state.knownTypes.add(e.event_type);
    replace($('event-types'), [...state.knownTypes].sort().map((t) => el('option', { value: t })));
    if (!events || events.length === 0) {
      if (filtersActive()) {
        const clear = el('button', { type: 'button', class: 'link' }, 'Clear the filters');
        clear.addEventListener('click', clearFilters);
        replace(box, el('p', { class: 'empty' }, 'No event matches these filters. ', clear, ' to see every event.'));
      } else {
        replace(box, el('p', { class: 'empty' },
          'No events received yet. Each webhook YunoJuno sends to this pack appears here within seconds; '
          + 'finished events are removed after the retention period (retention.days).'));
      }
      return;
    }
    const rows = events.map((e) => {
      const open = el('button', { type: 'button', class: 'link', 'data-event': e.message_id,
        title: 'Show this event (' + e.message_id + ')' }, e.event_type);
      open.addEventListener('click', () => select(e.message_id));
      const deliveries = e.deliveries && e.deliveries.length
        ? e.deliveries.map((d) => el('span', { class: 'delivery', 'data-sink': d.sink },
          el('span', { class: 'sink-name' }, d.sink), ' ', deliveryBadge(d.status)))
        : el('span', { class: 'muted' }, e.status === 'received' ? 'not yet' : '—');
      return el('tr', { 'data-event': e.message_id, class: e.message_id === state.selected ? 'selected' : null },
        el('td', { class: 'when' }, time(e.received_at)),
        el('td', {}, open),
        el('td', {}, mode(e.mode)),
        el('td', {}, inboxBadge(e.status, e.deliveries)),
        el('td', { class: 'deliveries' }, deliveries));
    });
    const more = events.length >= 100
      ? el('p', { class: 'hint' }, 'Showing the newest 100. Use the filters to narrow down.') : null;
    replace(box, el('div', { class: 'table-wrap' }, el('table', { class: 'grid', id: 'events-table' },
      el('thead', {}, el('tr', {},
        el('th', { scope: 'col' }, 'Received'),
        el('th', { scope: 'col' }, 'Event type'),
        el('th', { scope: 'col' }, 'Mode'),
        el('th', { scope: 'col' }, 'Stored event'),
        el('th', { scope: 'col' }, 'Deliveries (per sink)'))),
      el('tbody', {}, rows))), more);
  }

  function select(id) {
    state.selected = id;
    for (const tr of document.querySelectorAll('#events-table tbody tr')) {
      tr.classList.toggle('selected', tr.getAttribute('data-event') === id);
    }
    replace($('detail'), el('p', { class: 'muted' }, 'Loading…'));
    api('GET', '/admin/events/' + encodeURIComponent(id)).then(renderDetail, (e) => renderDetail(e));
    $('detail-card').scrollIntoView({ block: 'nearest' });
  }

  // ---------- one event ----------

  function renderDetail(detail) {
    const box = $('detail');
    if (!state.selected || detail === null || detail === undefined) {
      replace(box, el('p', { class: 'empty' }, 'Choose an event in the list to see what it contained and where it was sent.'));
      return;
    }
    if (detail instanceof Error) {
      if (detail instanceof Unauthorized) return failed(detail);
      replace(box, el('p', { class: 'empty' }, /404/.test(detail.message)
        ? 'This event no longer exists: it was deleted, or removed after the retention period.'
        : 'Could not load this event. ' + detail.message));
      return;
    }
    if (detail.message_id !== state.selected) return;

    const replayEvent = el('button', { type: 'button', id: 'replay-event' }, 'Replay event to all its sinks');
    replayEvent.addEventListener('click', () => replayWholeEvent(detail.message_id, replayEvent));

    const facts = el('dl', { class: 'facts' },
      el('dt', {}, 'Event type'), el('dd', {}, detail.event_type),
      el('dt', {}, 'Event id'), el('dd', { class: 'mono' }, detail.message_id),
      el('dt', {}, 'Mode'), el('dd', {}, mode(detail.mode)),
      el('dt', {}, 'API version'), el('dd', {}, detail.api_version || '—'),
      el('dt', {}, 'Received'), el('dd', {}, time(detail.received_at)),
      el('dt', {}, 'Sent on'), el('dd', {}, time(detail.dispatched_at)),
      el('dt', {}, 'Stored event'), el('dd', {}, inboxBadge(detail.status, detail.deliveries)));

    let deliveries;
    if (!detail.deliveries || detail.deliveries.length === 0) {
      deliveries = el('p', { class: 'empty' }, detail.status === 'received'
        ? 'Not sent to any sink yet; it will be in a moment.'
        : detail.status === 'skipped'
          ? 'Test events are recorded only, not sent to sinks (setting yunojuno.webhook.test-mode).'
          : detail.status === 'unrouted'
            ? 'This pack has no route for this event type, so it went to no sink. It is kept: “Replay event” routes it '
              + 'again, e.g. after an upgrade that knows the type.'
            : 'No sink is configured for this event type (settings dispatch.*.sinks). Configure one, then press '
              + '“Replay event” to send it.');
    } else {
      deliveries = el('div', { id: 'deliveries' }, detail.deliveries.map((d) => {
        const waiting = d.status === 'pending' || d.status === 'retrying';
        const button = el('button', { type: 'button', class: d.status === 'dead' ? 'danger' : 'quiet',
          'data-replay-sink': d.sink, title: 'Send this event to ' + d.sink + ' again' },
          d.status === 'delivered' ? 'Send again' : 'Replay');
        button.addEventListener('click', () => replayDelivery(detail.message_id, d.sink, button));
        const facts = el('dl', { class: 'facts' },
          el('dt', {}, 'Attempts'), el('dd', {}, String(d.attempts ?? 0)));
        if (d.last_error && d.status !== 'delivered') {
          facts.append(el('dt', {}, 'Last error'), el('dd', { class: 'error-text' }, d.last_error));
        }
        if (waiting) facts.append(el('dt', {}, 'Next attempt'), el('dd', {}, time(d.next_attempt_at, true)));
        if (d.delivered_at) facts.append(el('dt', {}, 'Delivered'), el('dd', {}, time(d.delivered_at)));
        if (d.updated_at) facts.append(el('dt', {}, 'Last change'), el('dd', {}, time(d.updated_at)));
        return el('div', { class: 'delivery-card ' + (d.status || ''), 'data-sink': d.sink },
          el('div', { class: 'delivery-head' },
            el('span', { class: 'sink-name' }, d.sink), deliveryBadge(d.status), el('span', { class: 'spacer' }), button),
          facts);
      }));
    }

    const payload = el('pre', { class: 'payload', id: 'payload' },
      detail.payload === null || detail.payload === undefined ? '(the stored body is not valid JSON)'
        : JSON.stringify(detail.payload, null, 2));

    replace(box,
      facts,
      el('div', { class: 'actions' }, replayEvent),
      el('h3', {}, 'Deliveries'),
      deliveries,
      el('h3', {}, 'Payload ', el('span', { class: 'hint' }, '(names, e-mail addresses and dates of birth show as ***)')),
      payload);
  }

  // ---------- replays ----------

  async function runReplay(button, call, describe) {
    button.disabled = true;
    try {
      const result = await call();
      notice(describe(result), 'ok');
      await refresh();
      followUp();
    } catch (e) {
      failed(e);
    } finally {
      button.disabled = false;
    }
  }

  function replayDelivery(id, sink, button) {
    runReplay(button,
      () => api('POST', '/admin/deliveries/' + encodeURIComponent(id) + '/' + encodeURIComponent(sink) + '/replay'),
      () => 'Replay requested: the event is queued for ' + sink + ' and will be sent within a few seconds. '
        + 'This page refreshes by itself.');
  }

  function replayWholeEvent(id, button) {
    runReplay(button,
      () => api('POST', '/admin/events/' + encodeURIComponent(id) + '/replay'),
      (r) => r.replayed > 0
        ? 'Replay requested: ' + plural(r.replayed, 'delivery', 'deliveries') + ' of this event queued again.'
        : r.redispatched > 0
          ? 'The event will be routed again within a few seconds (it had reached no sink).'
          : 'Nothing to replay for this event.');
  }

  function replaySink(sink, button) {
    runReplay(button,
      () => api('POST', '/admin/deliveries/replay-dead?sink=' + encodeURIComponent(sink)),
      (r) => r.replayed > 0
        ? 'Replay requested: ' + plural(r.replayed, 'failed delivery', 'failed deliveries') + ' to ' + sink
          + ' queued again.'
        : 'No failed deliveries to ' + sink + ' were left to replay.');
  }

  function plural(n, one, many) {
    return n + ' ' + (n === 1 ? one : many);
  }

  // ---------- filters and start ----------

  function clearFilters() {
    $('filter-type').value = '';
    $('filter-status').value = '';
    $('filter-since').value = '';
    refresh();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', signIn);
    $('filters').addEventListener('submit', (e) => {
      e.preventDefault();
      refresh();
    });
    $('filter-status').addEventListener('change', refresh);
    $('clear-filters').addEventListener('click', clearFilters);
    $('refresh').addEventListener('click', () => {
      notice('');
      refresh();
    });
    $('auto-refresh').addEventListener('change', scheduleAutoRefresh);
    $('sign-out').addEventListener('click', () => signOut('Token forgotten. Enter it again to continue.'));
    if (sessionStorage.getItem(TOKEN_KEY)) showApp();
    else showLogin();
  });
})();
