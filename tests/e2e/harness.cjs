// Shared pieces of the end-to-end tests: start the real server, launch Debian's Chromium with
// the flags of ../shared/TOOLCHAIN.md, open app pages, read what the media layer really did.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER_BIN = process.env.DIALTONE_SERVER_BIN || path.join(ROOT, 'target', 'debug', 'dialtone-server');
const DIST = process.env.DIALTONE_DIST || path.join(ROOT, 'dist');
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

const BASE_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--allow-loopback-in-peer-connection',
  '--autoplay-policy=no-user-gesture-required',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1',
  '--disable-features=WebRtcHideLocalIpsWithMdns',
];
const FAKE_MEDIA = ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'];

/** Starts dialtone-server on 127.0.0.1 (port 0 = any free port); resolves once it listens. */
function startServer({ port = 0, args = [], env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(SERVER_BIN, ['--listen', `127.0.0.1:${port}`, '--dist', DIST, ...args], {
      env: { ...process.env, DIALTONE_LOG: 'info', NO_COLOR: '1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 15000);
    child.stderr.on('data', (chunk) => {
      log += chunk.toString();
      const match = log.match(/open http:\/\/(127\.0\.0\.1:\d+)\//);
      if (match && timer) {
        clearTimeout(timer);
        resolve({
          url: `http://${match[1]}`,
          port: Number(match[1].split(':')[1]),
          log: () => log,
          // SIGKILL by default (a crash); 'SIGTERM' for a graceful stop.
          stop: (signal = 'SIGKILL') => new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill(signal);
          }),
        });
      }
    });
    child.once('exit', (code) => { clearTimeout(timer); if (code) reject(new Error(`server exited ${code}:\n${log}`)); });
  });
}

/** Serves a folder of static files on 127.0.0.1 (another origin than the Dialtone server). */
function startStatic(dir) {
  const http = require('node:http');
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };
  const server = http.createServer((req, res) => {
    const name = new URL(req.url, 'http://x').pathname.replace(/^\/+/, '') || 'index.html';
    const file = path.join(dir, path.normalize(name));
    if (!file.startsWith(dir) || !fs.existsSync(file)) { res.writeHead(404); return res.end('not found'); }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    resolve({ url: `http://127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}`, stop: () => new Promise((d) => server.close(d)) });
  }));
}

/**
 * The usual set-up of a test file: one real server and one Chromium for all its tests, both
 * stopped at the end. Read them as `env.server` and `env.browser` inside the tests.
 */
function serverAndBrowser({ serverOptions, beforeAll, afterAll } = {}) {
  const { before, after } = require('node:test');
  const env = { server: null, browser: null };
  before(async () => {
    if (beforeAll) await beforeAll();
    env.server = await startServer(serverOptions);
    env.browser = await launchBrowser();
  });
  after(async () => {
    if (afterAll) await afterAll();
    await env.browser?.close();
    await env.server?.stop();
  });
  return env;
}

/**
 * A TCP proxy in front of the server. `drop()` cuts every connection through it abruptly (no
 * WebSocket close frame), as a network failure does; new connections are let through again.
 */
function startTcpProxy(targetPort) {
  const net = require('node:net');
  const sockets = new Set();
  const pairs = new Set();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); }
    client.pipe(upstream);
    upstream.pipe(client);
    // Only WebSocket connections are stalled: the page's pooled HTTP connections stay usable.
    const pair = [client, upstream];
    client.once('data', (chunk) => { if (chunk.toString('latin1', 0, 8) === 'GET /ws?') pairs.add(pair); });
    client.on('close', () => pairs.delete(pair));
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => {
    const { port } = proxy.address();
    resolve({
      url: `http://127.0.0.1:${port}`,
      drop: () => { for (const s of sockets) s.destroy(); },
      // Every WebSocket connection open now stops carrying anything, both ways, and is never
      // closed (a network gone without a goodbye: a NAT that forgot it, a phone off its Wi-Fi);
      // new ones pass as before.
      stall: () => {
        for (const [client, upstream] of pairs) {
          client.unpipe(upstream); upstream.unpipe(client);
          client.pause(); upstream.pause();
        }
        pairs.clear();
      },
      stop: () => new Promise((done) => { for (const s of sockets) s.destroy(); proxy.close(done); }),
    });
  }));
}

/** Starts a real coturn on 127.0.0.1:`port` with `use-auth-secret` (the TURN REST scheme). */
function startCoturn({ port, secret }) {
  const child = spawn('turnserver', [
    '-n', '--listening-ip=127.0.0.1', `--listening-port=${port}`, '--relay-ip=127.0.0.1',
    '--use-auth-secret', `--static-auth-secret=${secret}`, '--realm=dialtone.test',
    '--no-tls', '--no-dtls', '--allow-loopback-peers', '--no-cli', '--fingerprint',
    '--min-port=49160', '--max-port=49400', '--log-file=stdout', '--simple-log',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c) => { log += c; });
  child.stderr.on('data', (c) => { log += c; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`coturn did not start:\n${log}`)), 10000);
    const check = setInterval(() => {
      if (log.includes('Relay ports initialization done') || log.includes('relay 127.0.0.1 initialization done')) {
        clearInterval(check); clearTimeout(timer);
        resolve({ log: () => log, stop: () => new Promise((done) => { if (child.exitCode !== null || child.signalCode !== null) return done(); child.once('exit', done); child.kill('SIGKILL'); }) });
      }
    }, 100);
    child.once('error', (e) => { clearInterval(check); clearTimeout(timer); reject(e); });
  });
}

/** Starts a real redis-server (Debian's) on a free loopback port, nothing saved to disk. */
async function startRedis() {
  const net = require('node:net');
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => { const { port } = probe.address(); probe.close(() => resolve(port)); });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' });
  const deadline = Date.now() + 10000;
  for (;;) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => { socket.destroy(); resolve(true); });
      socket.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => new Promise((done) => { if (child.exitCode !== null || child.signalCode !== null) return done(); child.once('exit', () => done()); child.kill('SIGKILL'); }),
  };
}

/**
 * The set-up of the Redis-backed test files: one real redis-server and one Chromium for all their
 * tests, both stopped at the end. Read them as `env.redis` and `env.browser` inside the tests.
 */
function redisAndBrowser() {
  const { before, after } = require('node:test');
  const env = { redis: null, browser: null };
  before(async () => {
    env.redis = await startRedis();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.redis?.stop();
  });
  return env;
}

/**
 * A load balancer in front of several server nodes, as a deployment has: each new connection
 * goes to the first node that accepts it, so when a node dies its clients reconnect to the next.
 */
function startFailoverProxy(ports) {
  const net = require('node:net');
  const sockets = new Set();
  const track = (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); s.on('error', () => {}); };
  const proxy = net.createServer((client) => {
    track(client);
    client.pause();
    const tryNode = (i) => {
      if (i >= ports.length) return client.destroy();
      const upstream = net.connect(ports[i], '127.0.0.1');
      upstream.once('error', () => { if (!upstream.__connected) tryNode(i + 1); });
      upstream.once('connect', () => {
        upstream.__connected = true;
        track(upstream);
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryNode(0);
  });
  return new Promise((resolve) => proxy.listen(0, '127.0.0.1', () => {
    const { port } = proxy.address();
    resolve({
      url: `http://127.0.0.1:${port}`,
      stop: () => new Promise((done) => { for (const s of sockets) s.destroy(); proxy.close(done); }),
    });
  }));
}

/**
 * Launches Chromium; `fakeMedia: false` leaves permission prompts unanswered (= denied).
 * `soundNeedsUse: true` keeps the browser's own autoplay rule (a page's sound is held until the
 * person first clicks, taps or types on it), which the other tests lift so their tones play.
 */
async function launchBrowser({ fakeMedia = true, soundNeedsUse = false } = {}) {
  const flags = soundNeedsUse
    ? BASE_FLAGS.map((flag) => (flag.startsWith('--autoplay-policy=') ? '--autoplay-policy=document-user-activation-required' : flag))
    : BASE_FLAGS;
  const args = [...flags, ...(fakeMedia ? FAKE_MEDIA : ['--use-fake-device-for-media-stream'])];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args });
  // The page picks its language from navigator.languages: every context is en-US unless a test
  // asks for another locale, whatever the machine's LANG (browser.newPage goes through here too).
  const newContext = browser.newContext.bind(browser);
  browser.newContext = (options = {}) => newContext({ locale: 'en-US', ...options });
  return browser;
}

// Keeps every RTCPeerConnection the page creates reachable, so tests can ask getStats() what
// the media layer really did. It subclasses the real constructor: nothing is replaced.
const RECORD_PEER_CONNECTIONS = () => {
  const Native = window.RTCPeerConnection;
  window.__peerConnections = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      window.__peerConnections.push(this);
    }
  };
};

// Records each Notification the page makes and its close (a subclass: the real one still runs).
const RECORD_NOTIFICATIONS = () => {
  const Native = window.Notification;
  window.__notifications = [];
  window.Notification = class extends Native {
    constructor(title, options = {}) {
      const entry = { title, body: options.body, closed: false };
      window.__notifications.push(entry);
      super(title, options);
      entry.instance = this;
    }
    close() {
      const entry = window.__notifications.find((n) => n.instance === this);
      if (entry) entry.closed = true;
      super.close();
    }
  };
};

/** Opens the app as `name` in a fresh context; resolves once the server assigned an id. */
async function openApp(browser, server, name, { query = '', viewport = { width: 1280, height: 800 }, beforeLoad, locale = 'en-US' } = {}) {
  const context = await browser.newContext({ viewport, locale });
  const page = await context.newPage();
  page.on('pageerror', (error) => { page.__errors = (page.__errors || []).concat(String(error)); });
  await page.addInitScript(RECORD_PEER_CONNECTIONS);
  if (beforeLoad) await beforeLoad(page);
  await page.goto(`${server.url}/?name=${encodeURIComponent(name)}${query}`);
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 15000 });
  page.__peerId = await page.getAttribute('[data-testid="self-id"]', 'data-peer-id');
  return page;
}

/** Reloads a page; it comes back with a new id (the base protocol has no resume). */
async function reload(page) {
  await page.reload();
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 15000 });
  page.__peerId = await page.getAttribute('[data-testid="self-id"]', 'data-peer-id');
}

function peerRow(page, other) {
  return page.locator(`[data-testid="peer-item"][data-peer-id="${other.__peerId}"]`);
}

async function waitForPeer(page, other) {
  await peerRow(page, other).waitFor({ timeout: 10000 });
}

async function callState(page) {
  return page.getAttribute('[data-testid="call-state"]', 'data-state');
}

async function waitForCallState(page, state, timeout = 20000) {
  await page.waitForSelector(`[data-testid="call-state"][data-state="${state}"]`, { timeout });
}

async function endReason(page) {
  await page.waitForSelector('[data-testid="call-end-reason"]', { timeout: 20000 });
  return page.getAttribute('[data-testid="call-end-reason"]', 'data-code');
}

/** Inbound audio as the browser's own stats report it, for the page's latest peer connection. */
async function inboundAudio(page) {
  return page.evaluate(async () => {
    const pc = window.__peerConnections[window.__peerConnections.length - 1];
    if (!pc) return { bytes: 0, packets: 0, energy: 0 };
    const report = await pc.getStats();
    let bytes = 0, packets = 0, energy = 0;
    report.forEach((s) => {
      if (s.type === 'inbound-rtp' && s.kind === 'audio') {
        bytes += s.bytesReceived || 0;
        packets += s.packetsReceived || 0;
        energy += s.totalAudioEnergy || 0;
      }
    });
    return { bytes, packets, energy };
  });
}

/** Samples inbound audio every 500 ms for `ms`; returns the samples. */
async function sampleInboundAudio(page, ms = 2500) {
  const samples = [await inboundAudio(page)];
  for (let t = 0; t < ms; t += 500) {
    await page.waitForTimeout(500);
    samples.push(await inboundAudio(page));
  }
  return samples;
}

/** Alice, already open, calls Bob (audio or video), Bob accepts; resolves once both are connected. */
async function placeAcceptedCall(alice, bob, media = 'audio') {
  await waitForPeer(alice, bob);
  await peerRow(alice, bob).locator(`[data-testid="call-${media}-button"]`).click();
  await bob.click('[data-testid="accept-button"]');
  await waitForCallState(alice, 'connected');
  await waitForCallState(bob, 'connected');
}

/** Alice calls Bob (audio or video), Bob accepts; resolves once both are connected. */
async function connectedCall(env, { media = 'audio', query = '', beforeLoad } = {}) {
  const alice = await openApp(env.browser, env.server, 'Alice', { query, beforeLoad });
  const bob = await openApp(env.browser, env.server, 'Bob', { query, beforeLoad });
  await placeAcceptedCall(alice, bob, media);
  return { alice, bob };
}

/** Inbound audio grows at every sample over 1.5 s: the media path is alive. */
async function assertAudioFlows(page, label) {
  const assert = require('node:assert/strict');
  const samples = await sampleInboundAudio(page, 1500);
  for (let i = 1; i < samples.length; i++) {
    assert.ok(samples[i].bytes > samples[i - 1].bytes, `${label}: audio flows ${JSON.stringify(samples)}`);
  }
}

/** The page is (again) connected to the signaling server. */
async function waitOnline(page) {
  await page.waitForSelector('[data-testid="connection-status"][data-status="online"]', { timeout: 20000 });
}

/**
 * Writes `test-results/screenshots/<name>.png`. Headless Chromium now and then never hands back
 * a frame for a capture (seen once in CI: 30 s after "fonts loaded", on an idle page that took
 * 8 ms of main-thread work in 2 s); a fresh frame is then asked for by setting the same viewport
 * again and the capture is tried once more. A page that paints neither time still fails the test.
 */
async function screenshot(page, name, options = {}) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const shot = { path: path.join(SCREENSHOTS, `${name}.png`), ...options };
  try {
    await page.screenshot({ ...shot, timeout: 12000 });
  } catch (err) {
    if (err.name !== 'TimeoutError') throw err;
    const viewport = page.viewportSize();
    if (viewport) await page.setViewportSize(viewport);
    await page.screenshot({ ...shot, timeout: 20000 });
  }
}

// Counts the messages each AudioWorklet processor (by its registered name) posts to the page,
// so a test can tell whether a meter or converter still runs. Observes the browser's own nodes;
// changes nothing. Install with `openApp(..., { beforeLoad: countWorkletPosts })`.
async function countWorkletPosts(page) {
  await page.addInitScript(() => {
    window.__workletPosts = {};
    const Native = window.AudioWorkletNode;
    window.AudioWorkletNode = class extends Native {
      constructor(context, name, options) {
        super(context, name, options);
        window.__workletPosts[name] = window.__workletPosts[name] || 0;
        this.port.addEventListener('message', () => { window.__workletPosts[name] += 1; });
      }
    };
  });
}

/** How many messages the processors named `name` have posted so far. */
async function workletPosts(page, name) {
  return page.evaluate((name) => window.__workletPosts[name] || 0, name);
}

module.exports = {
  countWorkletPosts, workletPosts,
  ROOT, RECORD_PEER_CONNECTIONS, RECORD_NOTIFICATIONS, startServer, startStatic, startTcpProxy, startCoturn, startRedis, redisAndBrowser, startFailoverProxy, serverAndBrowser, launchBrowser, openApp, peerRow, waitForPeer, callState, waitForCallState,
  reload, placeAcceptedCall, connectedCall, assertAudioFlows, waitOnline, endReason, inboundAudio, sampleInboundAudio, screenshot, SCREENSHOTS,
};
