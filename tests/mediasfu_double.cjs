// A faithful local stand-in for MediaSFU's telephony REST API (specs/mediasfu-api.md §10), for
// Dialtone's tests only: it is never shipped. Bound to 127.0.0.1. Test control lives under
// /__fake/ (no auth, no rate limit). Run alone: `node tests/mediasfu_double.cjs [port]`.
'use strict';

const http = require('node:http');
const crypto = require('node:crypto');

const MAX_BODY = 64 * 1024;
const E164 = /^\+[1-9]\d{1,14}$/;
const SCOPE_OF = {
  outgoingCall: 'initiateCalls', list: 'sipCallList', summary: 'sipCallSummary', state: 'sipCallState', end: 'sipCallEnd',
};

/** The seeded accounts: sandbox and production, long-lived and disposable. */
function defaultAccounts() {
  const key = (c) => c.repeat(64).slice(0, 64);
  return [
    { username: 'dialtoneuser1', key: key('a1B2'), kind: 'sandbox' },
    { username: 'dialtoneprod1', key: key('p9Q8'), kind: 'production', origins: [] },
    { username: 'dialtoneuser1', key: 'tempsand' + key('d4E5').slice(0, 56), kind: 'sandbox', disposable: true,
      scopes: ['sipCallList'], expiresAt: Infinity },
    { username: 'dialtoneuser1', key: 'tempsand' + key('x7Y6').slice(0, 56), kind: 'sandbox', disposable: true,
      scopes: Object.values(SCOPE_OF).concat('sipCallControl'), expiresAt: 0 },
  ];
}

/** One eligible agent-capable config, one with allowOutgoing:false, one with supportSipActive:false. */
function defaultSipConfigs() {
  return [
    { id: 'cfg1', provider: 'TestTel', contactNumber: '+15550001111', supportSipActive: true, allowOutgoing: true,
      autoAgent: { enabled: true, type: 'AI', outgoingType: 'AI' }, audioOnly: true, ipList: ['192.0.2.1'] },
    { id: 'cfg2', provider: 'TestTel', contactNumber: '+15550002222', allowOutgoing: false },
    { id: 'cfg3', provider: 'OtherTel', contactNumber: '+15550003333', supportSipActive: false },
  ];
}

function startMediasfuDouble(options = {}) {
  const state = {
    opts: {
      rateWindowMs: 5000, retryAfter: true, timeScale: 1, origin: null, refuseOrigin: null,
      upperCase: false, unknownStatus: false, noStatus: false, sandboxIds: false, noSipCallId: false,
      vanishAtOnce: false, dtmf404: false, ...options,
    },
    accounts: defaultAccounts(),
    sipConfigs: defaultSipConfigs(),
    calls: [],
    rooms: [], // { roomName, username, createdAt, deletedAt }
    lastAllowed: new Map(), // key -> time of the last request that passed the rate limit
    faults: [],
    log: [],
    seq: 0,
  };
  const now = () => Date.now();
  const scaled = (ms) => ms * state.opts.timeScale;

  function reset() {
    Object.assign(state, { accounts: defaultAccounts(), sipConfigs: defaultSipConfigs(), calls: [], rooms: [], faults: [], log: [] });
    state.lastAllowed.clear();
  }

  // ---- call progression (§10) -------------------------------------------------------------
  function scenario(calledDid) {
    const tail = (s) => calledDid.endsWith(s);
    if (tail('486')) return { at: 4000, end: 'busy' };
    if (tail('603')) return { at: 4000, end: 'declined' };
    if (tail('404')) return { at: 2000, end: 'failed' };
    if (tail('408')) return { ringUntil: 30000, end: 'ended' };
    if (tail('000')) return { stuck: true };
    return {};
  }

  /** The call's status at time t, and when it became terminal (or null). */
  function progress(call, t) {
    const age = t - call.createdAt;
    if (call.endedAt !== undefined) {
      return t < call.endedAt ? { status: 'terminating', terminalAt: null } : { status: 'ended', terminalAt: call.endedAt };
    }
    const sc = scenario(call.calledDid);
    if (call.incoming) return { status: call.incomingStatus || 'ringing', terminalAt: null };
    if (sc.stuck) return { status: 'initiating', terminalAt: null };
    if (sc.end && sc.at !== undefined) {
      if (age >= scaled(sc.at)) return { status: sc.end, terminalAt: call.createdAt + scaled(sc.at) };
      return { status: age >= scaled(2000) ? 'ringing' : 'initiating', terminalAt: null };
    }
    if (sc.ringUntil) {
      if (age >= scaled(sc.ringUntil)) return { status: 'ended', terminalAt: call.createdAt + scaled(sc.ringUntil) };
      return { status: age >= scaled(2000) ? 'ringing' : 'initiating', terminalAt: null };
    }
    if (age < scaled(2000)) return { status: 'initiating', terminalAt: null };
    if (age < scaled(6000)) return { status: 'ringing', terminalAt: null };
    return { status: call.onHold ? 'on-hold' : 'connected', terminalAt: null, connectedAt: call.createdAt + scaled(6000) };
  }

  function record(call, t) {
    const p = progress(call, t);
    const connectedAt = call.incoming ? call.createdAt : call.createdAt + scaled(6000);
    const liveEnd = p.terminalAt ?? t;
    const wasConnected = p.status === 'connected' || p.status === 'on-hold' || (call.endedAt !== undefined && call.endedAt > connectedAt);
    let status = p.status;
    if (state.opts.unknownStatus && status === 'connected') status = 'parked';
    if (state.opts.upperCase) status = status.toUpperCase();
    const r = {
      sipCallId: call.id, direction: call.incoming ? 'incoming' : 'outgoing', startTimeISO: new Date(call.createdAt).toISOString(),
      durationSeconds: wasConnected ? Math.max(0, Math.floor((liveEnd - connectedAt) / 1000)) : 0,
      roomName: call.roomName, callerIdRaw: `"Dialtone" <sip:${call.callerId}@sip.mediasfu.com>;tag=${call.id.slice(-4)}`,
      calledUri: `sip:${call.calledDid}@sip.mediasfu.com`, audioOnly: true, activeMediaSource: call.activeMediaSource,
      humanParticipantName: call.humanName || null, activeSpeaker: null, playingMusic: false,
      playingPrompt: t < (call.playingUntil || 0), currentPromptType: null, pendingHumanIntervention: false,
      onHold: !!call.onHold && p.terminalAt === null, callEnded: p.terminalAt !== null,
      callbackState: 'none', callbackPin: null, needsCallback: false, callbackHonored: false, calledBackRef: null,
    };
    if (p.terminalAt !== null) r.endTimeISO = new Date(p.terminalAt).toISOString();
    if (!state.opts.noStatus) r.status = status;
    return { record: r, terminalAt: p.terminalAt };
  }

  function visibleCalls(account, t) {
    const out = [];
    for (const call of state.calls) {
      if (call.username !== account.username) continue;
      const { record: r, terminalAt } = record(call, t);
      const vanishAfter = state.opts.vanishAtOnce ? 0 : scaled(30000);
      if (terminalAt !== null && t - terminalAt >= vanishAfter) continue;
      out.push(r);
    }
    return out;
  }

  function newCallId() {
    state.seq += 1;
    const rand = crypto.randomBytes(6).toString('hex');
    return (state.opts.sandboxIds ? 'sbx' : 'prod') + rand + state.seq;
  }

  // ---- HTTP plumbing ------------------------------------------------------------------------
  // A 200 with no Content-Length whose body never ends (chunked, 64 KiB every 5 ms): a client
  // must stop reading at its own bound. `entry.streamed` counts what was written, up to 256 MiB.
  function endless(res, entry, cors) {
    entry.status = 'endless';
    entry.streamed = 0;
    res.writeHead(200, { 'content-type': 'application/json', ...cors });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    res.write('{"calls":[');
    const timer = setInterval(() => {
      if (res.destroyed || entry.streamed >= 256 * 1024 * 1024) { clearInterval(timer); entry.closed = res.destroyed; return; }
      if (res.writableNeedDrain) return;
      res.write(chunk);
      entry.streamed += chunk.length;
    }, 5);
    res.on('close', () => { clearInterval(timer); entry.closed = true; });
  }

  function send(res, status, body, headers = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json', ...headers });
    res.end(text);
  }

  function corsHeaders(req) {
    const origin = req.headers.origin;
    if (!origin || origin === state.opts.refuseOrigin) return {};
    if (state.opts.origin && origin !== state.opts.origin) return {};
    return { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'Retry-After', vary: 'Origin' };
  }

  function readBody(req) {
    return new Promise((resolve) => {
      const chunks = [];
      let size = 0;
      let over = false;
      req.on('data', (c) => {
        size += c.length;
        if (size > MAX_BODY) over = true; else chunks.push(c);
      });
      req.on('end', () => resolve(over ? { tooLarge: true } : { text: Buffer.concat(chunks).toString('utf8') }));
      req.on('error', () => resolve({ text: '' }));
    });
  }

  function authenticate(req) {
    const h = req.headers.authorization || '';
    const m = /^Bearer ([^:\s]+):(\S+)$/.exec(h);
    if (!m) return { error: 'missing or malformed credentials' };
    const acct = state.accounts.find((a) => a.username === m[1] && a.key === m[2]);
    if (!acct) return { error: 'invalid credentials', username: m[1] };
    if (acct.disposable && now() >= acct.expiresAt) return { error: 'disposable key expired', username: m[1] };
    return { account: acct };
  }

  // ---- the API ------------------------------------------------------------------------------
  function requireFields(body, fields) {
    for (const [name, type] of fields) {
      if (body[name] === undefined || body[name] === null) return `${name} is required`;
      if (typeof body[name] !== type) return `${name} must be a ${type}`;
    }
    return null;
  }

  function handleList(acct, url, res, cors) {
    const q = url.searchParams;
    let list = visibleCalls(acct, now());
    if (q.get('direction')) list = list.filter((c) => c.direction === q.get('direction'));
    if (q.get('status')) list = list.filter((c) => (c.status || '').toLowerCase() === q.get('status').toLowerCase());
    if (q.get('roomName')) list = list.filter((c) => c.roomName === q.get('roomName'));
    if (q.get('search')) list = list.filter((c) => c.callerIdRaw.includes(q.get('search')) || c.calledUri.includes(q.get('search')));
    const limit = Math.min(100, Math.max(1, Number(q.get('limit')) || 100));
    const page = Math.max(1, Number(q.get('page')) || 1);
    send(res, 200, { success: true, data: list.slice((page - 1) * limit, page * limit) }, cors);
  }

  function handleOutgoing(acct, body, res, cors) {
    const missing = requireFields(body, [['roomName', 'string'], ['calledDid', 'string'], ['callerIdNumber', 'string'], ['initiatorName', 'string']]);
    if (missing) return send(res, 400, { error: missing }, cors);
    if (!E164.test(body.calledDid)) return send(res, 400, { error: 'calledDid must be E.164' }, cors);
    if (!E164.test(body.callerIdNumber)) return send(res, 400, { error: 'callerIdNumber must be E.164' }, cors);
    if (!/^[sp]/.test(body.roomName)) return send(res, 400, { error: 'roomName must start with s or p' }, cors);
    if (!/^[A-Za-z0-9]+$/.test(body.initiatorName)) return send(res, 400, { error: 'initiatorName must be alphanumeric' }, cors);
    const cfg = state.sipConfigs.find((c) => c.contactNumber === body.callerIdNumber);
    if (!cfg || cfg.allowOutgoing === false || cfg.supportSipActive === false) {
      return send(res, 400, { error: 'callerIdNumber is not an eligible SIP config' }, cors);
    }
    const withAudio = body.startWithInitiatorAudio === true;
    const call = {
      id: newCallId(), username: acct.username, createdAt: now(), calledDid: body.calledDid, callerId: body.callerIdNumber,
      roomName: body.roomName, activeMediaSource: withAudio ? 'human' : 'agent', humanName: withAudio ? body.initiatorName : null,
    };
    state.calls.push(call);
    send(res, 200, state.opts.noSipCallId ? { success: true } : { success: true, sipCallId: call.id }, cors);
  }

  function handleControl(acct, id, action, body, res, cors) {
    const call = state.calls.find((c) => c.id === id && c.username === acct.username);
    const t = now();
    if (!call || visibleCalls(acct, t).every((r) => r.sipCallId !== id)) return send(res, 404, { error: 'call not found' }, cors);
    if (record(call, t).terminalAt !== null || call.endedAt !== undefined) return send(res, 400, { error: 'call has ended' }, cors);
    switch (action) {
      case 'end': call.endedAt = t + scaled(1000); break;
      case 'hold':
        if (body.pauseRecording !== undefined && typeof body.pauseRecording !== 'boolean') return send(res, 400, { error: 'pauseRecording must be a boolean' }, cors);
        call.onHold = true; break;
      case 'unhold': call.onHold = false; break;
      case 'play':
        if (typeof body.sourceValue !== 'string' || !body.sourceValue) return send(res, 400, { error: 'sourceValue is required' }, cors);
        if (body.sourceValue.length > 2048) return send(res, 400, { error: 'sourceValue is too long' }, cors);
        call.playingUntil = t + scaled(3000); break;
      case 'update-play-to-all':
        if (typeof body.playToAll !== 'boolean') return send(res, 400, { error: 'playToAll must be a boolean' }, cors);
        call.playToAll = body.playToAll; break;
      case 'switch-source':
        if (body.targetType === 'agent') call.activeMediaSource = 'agent';
        else if (body.targetType === 'human' && typeof body.humanName === 'string' && body.humanName) {
          call.activeMediaSource = 'human'; call.humanName = body.humanName;
        } else return send(res, 400, { error: 'targetType/humanName invalid' }, cors);
        break;
      case 'start-agent': call.activeMediaSource = 'agent'; break;
      case 'stop-agent': call.activeMediaSource = 'none'; break;
      case 'send-dtmf':
        if (state.opts.dtmf404) return send(res, 404, { error: 'not found' }, cors);
        if (typeof body.digits !== 'string' || !/^[0-9*#]{1,32}$/.test(body.digits)) return send(res, 400, { error: 'digits invalid' }, cors);
        (call.dtmf = call.dtmf || []).push(body.digits); break;
      default: return send(res, 404, { error: `unknown control ${action}` }, cors);
    }
    send(res, 200, { success: true }, cors);
  }

  function handleRooms(acct, body, res, cors) {
    if (body.action === 'create') {
      const roomName = 's' + crypto.randomBytes(4).toString('hex');
      state.rooms.push({ roomName, username: acct.username, createdAt: now(), deletedAt: null });
      return send(res, 200, { success: true, roomName, secret: crypto.randomBytes(32).toString('hex'), link: 'https://media.example.invalid', publicURL: 'https://meet.example.invalid/' + roomName, message: 'created' }, cors);
    }
    if (body.action === 'delete') {
      const room = state.rooms.find((r) => r.roomName === body.meetingID && r.username === acct.username && r.deletedAt === null);
      if (!room) return send(res, 404, { success: false, error: 'room not found' }, cors);
      room.deletedAt = now();
      return send(res, 200, { success: true, message: 'deleted' }, cors);
    }
    if (body.action === 'join') {
      if (typeof body.meetingID !== 'string' || !/^[spd]/.test(body.meetingID)) return send(res, 400, { error: 'meetingID invalid' }, cors);
      return send(res, 200, { success: true, roomName: body.meetingID, secret: crypto.randomBytes(32).toString('hex'), link: 'https://media.example.invalid' }, cors);
    }
    return send(res, 400, { success: false, error: 'action must be create, join or delete' }, cors);
  }

  // ---- test control -------------------------------------------------------------------------
  async function handleFake(req, res, url) {
    const body = req.method === 'POST' ? JSON.parse((await readBody(req)).text || '{}') : {};
    const route = url.pathname.slice('/__fake/'.length);
    if (route === 'reset') { reset(); Object.assign(state.opts, body); return send(res, 200, { ok: true }); }
    if (route === 'options') { Object.assign(state.opts, body); return send(res, 200, state.opts); }
    if (route === 'seed') {
      if (body.accounts) state.accounts.push(...body.accounts);
      if (body.sipConfigs) state.sipConfigs = body.sipConfigs;
      return send(res, 200, { ok: true });
    }
    if (route === 'incoming') {
      const call = { id: newCallId(), username: body.username || 'dialtoneuser1', createdAt: now(), incoming: true,
        calledDid: body.calledDid || '+15550001111', callerId: body.callerId || '+15557654321', roomName: body.roomName || 's' + crypto.randomBytes(4).toString('hex'),
        activeMediaSource: 'agent' };
      state.calls.push(call);
      return send(res, 200, { sipCallId: call.id });
    }
    // A fault for the next admitted request (of `path` and `username` only, when given, so tests
    // running side by side on other accounts are untouched). `after: true` lets the request take
    // effect first and spoils only its answer: a lost or garbled answer to a call that was placed.
    if (route === 'fault') {
      state.faults.push({ kind: body.kind, path: body.path || null, username: body.username || null, after: !!body.after });
      return send(res, 200, { queued: state.faults.length });
    }
    if (route === 'rooms') return send(res, 200, state.rooms);
    if (route === 'log') return send(res, 200, state.log);
    if (route === 'calls') {
      const acct = state.accounts.find((a) => a.username === (url.searchParams.get('username') || 'dialtoneuser1'));
      return send(res, 200, acct ? visibleCalls(acct, now()) : []);
    }
    if (route === 'accounts') return send(res, 200, state.accounts.map((a) => ({ username: a.username, key: a.key, kind: a.kind, disposable: !!a.disposable })));
    return send(res, 404, { error: 'unknown fake route' });
  }

  async function handle(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (url.pathname.startsWith('/__fake/')) return handleFake(req, res, url);
    const cors = corsHeaders(req);
    if (req.method === 'OPTIONS') {
      // Preflights are not rate-limited; a refused origin gets no CORS headers.
      if (!cors['access-control-allow-origin']) { res.writeHead(403); return res.end(); }
      res.writeHead(204, { ...cors, 'access-control-allow-methods': 'GET, POST, OPTIONS', 'access-control-allow-headers': 'Authorization, Content-Type', 'access-control-max-age': '600' });
      return res.end();
    }
    const auth = authenticate(req);
    const entry = { t: now(), method: req.method, path: url.pathname + url.search, username: auth.account?.username ?? auth.username ?? null,
      keyTail: auth.account ? auth.account.key.slice(-4) : null, origin: req.headers.origin || null, status: 0 };
    state.log.push(entry);
    if (state.log.length > 5000) state.log.shift();
    const wrapped = { writeHead: (s, h) => { entry.status = s; res.writeHead(s, h); }, end: (b) => res.end(b) };
    const reply = (status, body, headers) => { entry.status = status; send(wrapped, status, body, { ...cors, ...headers }); };

    if (!auth.account) return reply(401, { error: auth.error });
    const acct = auth.account;
    // Rate limit: 1 request per window per key across all endpoints; refusals do not push it.
    if (state.opts.rateWindowMs > 0) {
      const last = state.lastAllowed.get(acct.key);
      if (last !== undefined && entry.t - last < state.opts.rateWindowMs) {
        const wait = Math.ceil((state.opts.rateWindowMs - (entry.t - last)) / 1000);
        return reply(429, { error: 'Too many requests' }, state.opts.retryAfter ? { 'retry-after': String(wait) } : {});
      }
      state.lastAllowed.set(acct.key, entry.t);
    }
    // Faults are injected into the next authenticated, admitted request (of their path).
    const at = state.faults.findIndex((f) => (!f.path || f.path === url.pathname) && (!f.username || f.username === acct.username));
    const fault = at >= 0 ? state.faults.splice(at, 1)[0] : null;
    if (fault && !fault.after) {
      if (fault.kind === 'hang') { entry.status = 'hang'; return; }
      if (fault.kind === 'drop') { entry.status = 'drop'; return req.socket.destroy(); }
      if (fault.kind === '500') return reply(500, { error: 'internal' });
      if (fault.kind === '400') return reply(400, { error: 'refused (injected)' });
      // A rate limit of another client's making, without Retry-After (the real header is unverified).
      if (fault.kind === '429') return reply(429, { error: 'Too many requests' });
      if (fault.kind === 'nonjson') return reply(200, '<html>not json</html>');
      if (fault.kind === 'endless') return endless(res, entry, cors);
      if (fault.kind === 'html502') { entry.status = 502; res.writeHead(502, { 'content-type': 'text/html', ...cors }); return res.end('<html><body>Bad gateway</body></html>'); }
    }
    if (fault && fault.after) {
      // The handler runs (the call is placed, the hold happens); only what it answers is spoiled.
      const spoil = {
        writeHead: (s) => { entry.status = `${s}+${fault.kind}`; },
        end: () => {
          if (fault.kind === 'nonjson') { res.writeHead(200, { 'content-type': 'text/html', ...cors }); return res.end('<html>not json</html>'); }
          if (fault.kind === '500') { res.writeHead(500, { 'content-type': 'application/json', ...cors }); return res.end('{"error":"internal"}'); }
          if (fault.kind === 'drop') return req.socket.destroy();
          // 'hang': no answer at all.
        },
      };
      wrapped.writeHead = spoil.writeHead;
      wrapped.end = spoil.end;
    }

    const m = /^\/v1\/sipcall\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    const op = m ? (m[2] ? m[2] : m[1]) : null;
    if (acct.disposable && m) {
      const scope = SCOPE_OF[op] || 'sipCallControl';
      if (!acct.scopes.includes(scope)) return reply(403, { error: `key may not ${op}` });
    }
    if (acct.kind === 'production' && !acct.disposable && entry.origin && !(acct.origins || []).includes(entry.origin)) {
      return reply(403, { error: 'origin not registered for this key' });
    }
    let body = {};
    if (req.method === 'POST') {
      const read = await readBody(req);
      if (read.tooLarge) return reply(413, { error: 'body too large' });
      if (!(req.headers['content-type'] || '').startsWith('application/json')) return reply(400, { error: 'Content-Type must be application/json' });
      try { body = JSON.parse(read.text || '{}'); } catch { return reply(400, { error: 'body is not JSON' }); }
      if (typeof body !== 'object' || body === null || Array.isArray(body)) return reply(400, { error: 'body must be an object' });
    }
    const resLike = { writeHead: wrapped.writeHead, end: wrapped.end };
    const p = url.pathname;
    if (req.method === 'GET' && p === '/v1/sipcall/list') return handleList(acct, url, resLike, cors);
    if (req.method === 'POST' && p === '/v1/sipcall/outgoingCall') return handleOutgoing(acct, body, resLike, cors);
    if (req.method === 'GET' && m && m[2] === 'state') {
      const r = visibleCalls(acct, now()).find((c) => c.sipCallId === decodeURIComponent(m[1]));
      return r ? reply(200, { success: true, data: r }) : reply(404, { error: 'call not found' });
    }
    if (req.method === 'GET' && p === '/v1/sipcall/summary') return reply(200, { success: true, data: { total: state.calls.length } });
    if (req.method === 'POST' && m && m[2]) return handleControl(acct, decodeURIComponent(m[1]), m[2], body, resLike, cors);
    if (req.method === 'GET' && p === '/v1/sipconfigs/') return reply(200, { sipConfigs: state.sipConfigs.slice(0, Number(url.searchParams.get('pageSize')) || 20) });
    if (req.method === 'POST' && p === '/v1/rooms/') return handleRooms(acct, body, resLike, cors);
    if (req.method === 'GET' && p === '/v1/eventssettings/') return reply(200, { eventsSettings: { supportSIP: true, directionSIP: 'both' } });
    return reply(404, { error: `no such endpoint: ${req.method} ${p}` });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => { if (!res.headersSent) send(res, 500, { error: 'double crashed' }); });
  });
  return new Promise((resolve) => {
    server.listen(options.port || 0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`, port, state, accounts: () => state.accounts,
        log: () => state.log.slice(), reset,
        stop: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}

module.exports = { startMediasfuDouble, defaultAccounts };

if (require.main === module) {
  startMediasfuDouble({ port: Number(process.argv[2]) || 0 }).then((d) => console.log(`mediasfu double on ${d.url}`));
}
