// A test host for host mode (specs/host-protocol.md): it runs the real bridge
// (`dialtone-server host`), reads the page's messages as JSON lines from its stdout and writes
// commands to its stdin, like any local program driving a call would.
'use strict';

const { spawn } = require('node:child_process');
const path = require('node:path');
const { ROOT, RECORD_PEER_CONNECTIONS } = require('./harness.cjs');

const SERVER_BIN = process.env.DIALTONE_SERVER_BIN || path.join(ROOT, 'target', 'debug', 'dialtone-server');
const DIST = process.env.DIALTONE_DIST || path.join(ROOT, 'dist');
const URL_PREFIX = 'dialtone-host-url: ';

class Bridge {
  constructor(child, url) {
    this.child = child;
    this.url = url;
    this.origin = new URL(url).origin;
    this.token = new URL(url).hash.replace('#token=', '');
    this.messages = [];
    /** Arrival time (ms) of each message, for timing checks. */
    this.times = [];
    this.waiters = [];
    this.nextCorrId = 1;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    let buffer = '';
    child.stdout.on('data', (chunk) => {
      buffer += chunk.toString();
      let newline;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        if (line.trim()) this.receive(JSON.parse(line));
      }
    });
  }

  static start() {
    return new Promise((resolve, reject) => {
      const child = spawn(SERVER_BIN, ['host', '--port', '0', '--dist', DIST], {
        env: { ...process.env, DIALTONE_LOG: 'warn', NO_COLOR: '1' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let log = '';
      const timer = setTimeout(() => reject(new Error(`bridge did not start:\n${log}`)), 15000);
      child.stderr.on('data', (chunk) => {
        log += chunk.toString();
        // Only complete lines: a chunk may end in the middle of the URL.
        const line = log.split('\n').slice(0, -1).find((l) => l.startsWith(URL_PREFIX));
        if (line && timer) {
          clearTimeout(timer);
          const bridge = new Bridge(child, line.slice(URL_PREFIX.length).trim());
          bridge.log = () => log;
          resolve(bridge);
        }
      });
      child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`bridge exited ${code}:\n${log}`)); });
    });
  }

  receive(message) {
    this.messages.push(message);
    this.times.push(Date.now());
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
    if (this.onMessage) this.onMessage(message);
  }

  /** The first message (already received or future) matching `match`. */
  waitFor(match, timeout = 15000, what = 'a message') {
    const found = this.messages.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        if (!this.waiters.includes(waiter)) return;
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => m.resp && m.resp.type))}`));
      }, timeout);
    });
  }

  /** When `message` arrived. */
  at(message) {
    return this.times[this.messages.indexOf(message)];
  }

  send(envelope) {
    this.child.stdin.write(`${JSON.stringify(envelope)}\n`);
  }

  /** Sends a command with a fresh corrId; resolves with its reply. */
  command(command, timeout = 15000) {
    const corrId = this.nextCorrId++;
    this.send({ corrId, command });
    return this.waitFor((m) => m.corrId === corrId && m.command, timeout, `the reply to ${command.type}`);
  }

  /** Ends the bridge's input: it closes the page socket and exits. */
  close() {
    this.child.stdin.end();
    return this.exited;
  }

  kill() {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    return this.exited;
  }
}

/** Opens the bridge's page URL (token in the fragment) in a fresh context. */
async function openHostPage(browser, bridge, { url = bridge.url, viewport = { width: 960, height: 600 }, initScript } = {}) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (error) => { page.__errors = (page.__errors || []).concat(String(error)); });
  await page.addInitScript(RECORD_PEER_CONNECTIONS);
  if (initScript) await page.addInitScript(initScript);
  await page.goto(url);
  await page.waitForSelector('[data-testid="host-page"]', { timeout: 15000 });
  return page;
}

/** Relays each page's `ice` events to the other page, as a host relays them to its peer. */
function relayIce(a, b) {
  a.onMessage = (m) => { if (m.resp && m.resp.type === 'ice' && !m.command) b.command({ type: 'ice', iceCandidates: m.resp.iceCandidates }).catch(() => {}); };
  b.onMessage = (m) => { if (m.resp && m.resp.type === 'ice' && !m.command) a.command({ type: 'ice', iceCandidates: m.resp.iceCandidates }).catch(() => {}); };
}

/**
 * A full call between two host pages (§4.1): the caller's host asks for capabilities, the
 * callee's host starts, and the offer, answer and candidates are relayed between them.
 */
async function hostCall(caller, callee, { media = 'audio', callerKey, calleeKey, relay = false, iceServers } = {}) {
  relayIce(caller, callee);
  const network = { relay, ...(iceServers ? { iceServers } : {}) };
  const capabilities = await caller.command({ type: 'capabilities', media });
  const start = await callee.command({ type: 'start', media, ...network, ...(calleeKey ? { aesKey: calleeKey } : {}) });
  const offer = await caller.command({
    type: 'offer', offer: start.resp.offer, iceCandidates: start.resp.iceCandidates, media, ...network,
    ...(callerKey ? { aesKey: callerKey } : {}),
  });
  const answer = await callee.command({ type: 'answer', answer: offer.resp.answer, iceCandidates: offer.resp.iceCandidates });
  return { capabilities, start, offer, answer };
}

module.exports = { Bridge, openHostPage, hostCall, relayIce };
