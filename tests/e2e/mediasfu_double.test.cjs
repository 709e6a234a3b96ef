// The MediaSFU test double behaves as specs/mediasfu-api.md §10 says, so the telephony tests
// built on it test something real.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const { startMediasfuDouble } = require('../mediasfu_double.cjs');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test.describe('MediaSFU test double', () => {
  let d;
  let user;
  let auth;
  const call = (path, { method = 'GET', body, headers = {} } = {}) => fetch(d.url + path, {
    method,
    headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body === undefined ? undefined : (typeof body === 'string' ? body : JSON.stringify(body)),
  });
  const place = (calledDid, extra = {}) => call('/v1/sipcall/outgoingCall', {
    method: 'POST', body: { roomName: 's1234567', calledDid, callerIdNumber: '+15550001111', initiatorName: 'ann', ...extra },
  });

  test.before(async () => { d = await startMediasfuDouble({ rateWindowMs: 0, timeScale: 0.05 }); });
  test.after(() => d.stop());
  test.beforeEach(async () => {
    await fetch(d.url + '/__fake/reset', { method: 'POST', body: JSON.stringify({ rateWindowMs: 0, timeScale: 0.05 }) });
    user = d.accounts()[0];
    auth = `Bearer ${user.username}:${user.key}`;
  });

  test('missing, malformed or unknown credentials get 401', async () => {
    for (const a of ['', 'Bearer nope', `Bearer ${user.username}:${'z'.repeat(64)}`, `Bearer ${user.username} : ${user.key}`]) {
      auth = a;
      assert.strictEqual((await call('/v1/sipcall/list')).status, 401, a);
    }
  });

  test('an expired disposable key gets 401; one outside its scopes gets 403', async () => {
    const [, , listOnly, expired] = d.accounts();
    auth = `Bearer ${expired.username}:${expired.key}`;
    assert.strictEqual((await call('/v1/sipcall/list')).status, 401);
    auth = `Bearer ${listOnly.username}:${listOnly.key}`;
    assert.strictEqual((await call('/v1/sipcall/list')).status, 200);
    assert.strictEqual((await place('+15551230001')).status, 403);
  });

  test('a production key from an unregistered origin gets 403', async () => {
    const prod = d.accounts()[1];
    auth = `Bearer ${prod.username}:${prod.key}`;
    assert.strictEqual((await call('/v1/sipcall/list', { headers: { origin: 'http://127.0.0.1:9' } })).status, 403);
    assert.strictEqual((await call('/v1/sipcall/list')).status, 200, 'no Origin: a backend');
  });

  test('1 request per window per key: excess gets 429 with Retry-After, refusals do not push the window', async () => {
    await fetch(d.url + '/__fake/options', { method: 'POST', body: JSON.stringify({ rateWindowMs: 600 }) });
    assert.strictEqual((await call('/v1/sipcall/list')).status, 200);
    const limited = await call('/v1/sipcall/list');
    assert.strictEqual(limited.status, 429);
    assert.deepStrictEqual(await limited.json(), { error: 'Too many requests' });
    assert.ok(Number(limited.headers.get('retry-after')) >= 1);
    await sleep(300);
    assert.strictEqual((await call('/v1/sipcall/list')).status, 429);
    await sleep(350);
    assert.strictEqual((await call('/v1/sipcall/list')).status, 200, 'the refused request did not push the window');
  });

  test('a placed call progresses initiating, ringing, connected', async () => {
    const r = await place('+15551230001');
    const { sipCallId } = await r.json();
    assert.match(sipCallId, /^prod/);
    const status = async () => (await (await call('/v1/sipcall/list')).json()).data.find((c) => c.sipCallId === sipCallId);
    assert.strictEqual((await status()).status, 'initiating');
    assert.strictEqual((await status()).activeMediaSource, 'agent');
    await sleep(150);
    assert.strictEqual((await status()).status, 'ringing');
    await sleep(200);
    const c = await status();
    assert.strictEqual(c.status, 'connected');
    assert.strictEqual(c.calledUri, 'sip:+15551230001@sip.mediasfu.com');
  });

  test('the last digits of calledDid pick busy, declined and failed', async () => {
    const ids = {};
    for (const n of ['+15551230486', '+15551230603', '+15551230404']) ids[n] = (await (await place(n)).json()).sipCallId;
    await sleep(260);
    const list = (await (await call('/v1/sipcall/list')).json()).data;
    const st = (n) => list.find((c) => c.sipCallId === ids[n]);
    assert.deepStrictEqual([st('+15551230486').status, st('+15551230603').status, st('+15551230404').status], ['busy', 'declined', 'failed']);
    assert.ok(st('+15551230486').callEnded);
  });

  test('controls change the record; unknown id 404; a control on an ended call 400', async () => {
    const { sipCallId } = await (await place('+15551230001')).json();
    await sleep(320);
    const ctl = (a, body = {}) => call(`/v1/sipcall/${sipCallId}/${a}`, { method: 'POST', body });
    const rec = async () => (await (await call('/v1/sipcall/list')).json()).data.find((c) => c.sipCallId === sipCallId);
    assert.strictEqual((await ctl('hold', { pauseRecording: true })).status, 200);
    assert.deepStrictEqual([(await rec()).status, (await rec()).onHold], ['on-hold', true]);
    await ctl('unhold');
    assert.strictEqual((await rec()).status, 'connected');
    await ctl('switch-source', { targetType: 'human', humanName: 'ann' });
    assert.strictEqual((await rec()).activeMediaSource, 'human');
    await ctl('stop-agent');
    assert.strictEqual((await rec()).activeMediaSource, 'none');
    await ctl('play', { sourceValue: 'Hello', loop: false, immediately: true });
    assert.strictEqual((await rec()).playingPrompt, true);
    assert.strictEqual((await call('/v1/sipcall/nosuch/hold', { method: 'POST', body: {} })).status, 404);
    await ctl('end', { reason: 'hangup' });
    assert.strictEqual((await rec()).status, 'terminating');
    await sleep(80);
    assert.strictEqual((await rec()).status, 'ended');
    assert.strictEqual((await ctl('hold')).status, 400);
  });

  test('malformed input gets 400 naming the field, big bodies 413', async () => {
    const bad = async (body, field) => {
      const r = await call('/v1/sipcall/outgoingCall', { method: 'POST', body });
      assert.strictEqual(r.status, 400, JSON.stringify(body));
      assert.match((await r.json()).error, new RegExp(field));
    };
    await bad('{nope', 'JSON');
    await bad({ roomName: 's1', calledDid: 5, callerIdNumber: '+15550001111', initiatorName: 'a' }, 'calledDid');
    await bad({ roomName: 's1', calledDid: '5551230000', callerIdNumber: '+15550001111', initiatorName: 'a' }, 'calledDid');
    await bad({ roomName: 's1', calledDid: '+15551230001', callerIdNumber: '+15550002222', initiatorName: 'a' }, 'callerIdNumber');
    await bad({ roomName: 'x1', calledDid: '+15551230001', callerIdNumber: '+15550001111', initiatorName: 'a' }, 'roomName');
    await bad({ calledDid: '+15551230001', callerIdNumber: '+15550001111', initiatorName: 'a' }, 'roomName');
    const wrongType = await call('/v1/sipcall/outgoingCall', { method: 'POST', body: {}, headers: { 'content-type': 'text/plain' } });
    assert.strictEqual(wrongType.status, 400);
    const big = await call('/v1/rooms/', { method: 'POST', body: { action: 'create', pad: 'x'.repeat(70000) } });
    assert.strictEqual(big.status, 413);
    assert.strictEqual((await call('/v1/nothing')).status, 404);
  });

  test('a number ending in 000 stays initiating', async () => {
    const { sipCallId } = await (await place('+15551230000')).json();
    await sleep(400);
    const c = (await (await call('/v1/sipcall/list')).json()).data.find((x) => x.sipCallId === sipCallId);
    assert.strictEqual(c.status, 'initiating');
  });

  test('sip configs, rooms and injected faults', async () => {
    const cfgs = (await (await call('/v1/sipconfigs/?action=get&startIndex=0&pageSize=20')).json()).sipConfigs;
    assert.strictEqual(cfgs.length, 3);
    const room = await (await call('/v1/rooms/', { method: 'POST', body: { action: 'create', userName: 'ann' } })).json();
    assert.match(room.roomName, /^s/);
    assert.strictEqual(room.secret.length, 64);
    await fetch(d.url + '/__fake/fault', { method: 'POST', body: JSON.stringify({ kind: 'nonjson' }) });
    const r = await call('/v1/sipcall/list');
    assert.strictEqual(r.status, 200);
    assert.throws(() => JSON.parse('<html>'));
    assert.match(await r.text(), /^<html>/);
    for (const [kind, status] of [['400', 400], ['429', 429]]) {
      await fetch(d.url + '/__fake/fault', { method: 'POST', body: JSON.stringify({ kind }) });
      const f = await call('/v1/sipcall/list');
      assert.strictEqual(f.status, status);
      assert.strictEqual(f.headers.get('retry-after'), null, 'an injected 429 has no Retry-After');
    }
    await fetch(d.url + '/__fake/fault', { method: 'POST', body: JSON.stringify({ kind: 'html502' }) });
    assert.strictEqual((await call('/v1/sipcall/list')).status, 502);
    await fetch(d.url + '/__fake/fault', { method: 'POST', body: JSON.stringify({ kind: 'hang' }) });
    // A hung request never answers: only the client's timeout ends it.
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    await assert.rejects(fetch(d.url + '/v1/sipcall/list', { headers: { authorization: auth }, signal: ac.signal }).then((x) => x.text()));
  });

  test('rooms can be deleted once; the test control lists them', async () => {
    const { roomName } = await (await call('/v1/rooms/', { method: 'POST', body: { action: 'create', userName: 'ann' } })).json();
    const del = () => call('/v1/rooms/', { method: 'POST', body: { action: 'delete', meetingID: roomName } });
    assert.strictEqual((await del()).status, 200);
    assert.strictEqual((await del()).status, 404, 'already gone');
    const rooms = await (await fetch(d.url + '/__fake/rooms')).json();
    assert.strictEqual(rooms.length, 1);
    assert.ok(rooms[0].deletedAt >= rooms[0].createdAt);
  });

  test('a fault after the fact: the call is placed, only its answer is garbled or lost', async () => {
    const fault = (kind) => fetch(d.url + '/__fake/fault', { method: 'POST', body: JSON.stringify({ kind, path: '/v1/sipcall/outgoingCall', after: true }) });
    await fault('nonjson');
    // The fault waits for its path: a list in between is untouched.
    assert.strictEqual((await call('/v1/sipcall/list')).status, 200);
    const garbled = await place('+15551230001');
    assert.strictEqual(garbled.status, 200);
    assert.match(await garbled.text(), /^<html>/);
    await fault('drop');
    await assert.rejects(place('+15551230002').then((r) => r.text()));
    const calls = (await (await call('/v1/sipcall/list')).json()).data;
    assert.deepStrictEqual(calls.map((c) => c.calledUri).sort(), ['sip:+15551230001@sip.mediasfu.com', 'sip:+15551230002@sip.mediasfu.com']);
    const log = await (await fetch(d.url + '/__fake/log')).json();
    assert.deepStrictEqual(log.filter((e) => e.path.endsWith('outgoingCall')).map((e) => e.status), ['200+nonjson', '200+drop']);
  });

  test('the request log holds time, method, path and username, never the key; CORS preflights', async () => {
    await call('/v1/sipcall/list');
    const log = await (await fetch(d.url + '/__fake/log')).json();
    const last = log.at(-1);
    assert.strictEqual(last.username, user.username);
    assert.strictEqual(last.path, '/v1/sipcall/list');
    assert.ok(!JSON.stringify(log).includes(user.key));
    const pre = await fetch(d.url + '/v1/sipcall/list', { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1234', 'access-control-request-headers': 'authorization' } });
    assert.strictEqual(pre.status, 204);
    assert.strictEqual(pre.headers.get('access-control-allow-origin'), 'http://127.0.0.1:1234');
    await fetch(d.url + '/__fake/options', { method: 'POST', body: JSON.stringify({ refuseOrigin: 'http://127.0.0.1:1234' }) });
    const refused = await fetch(d.url + '/v1/sipcall/list', { method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:1234' } });
    assert.strictEqual(refused.status, 403);
  });
});
