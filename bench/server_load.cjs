// Signaling server load, side by side: Dialtone's server and the npm `peer` (PeerJS) server doing
// the equivalent relay. Measures relayed messages/s and relay latency (p50/p99) with N clients in
// pairs keeping a window of messages in flight. A third run puts Dialtone on two nodes sharing one
// Redis with every pair split across them, so each message crosses Redis pub/sub (what a cluster
// adds to a relay).
// Then idle connections, each server fresh: IDLE clients (Dialtone: in rooms of 10, as people
// wait in a room), every one reading its welcome frames, and the server's RSS growth per
// connection; then up to HOLD connections held at once, with /healthz (PeerJS: /peerjs/id)
// latency while they are held. The held clients live in child processes of HOLD_PER_WORKER
// sockets each (one process's open-file limit would not fit them all).
// Prints one JSON line, then a summary. Run with bench/server_load.sh (loopback-only namespace).
'use strict';

const { spawn, fork } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const WebSocket = require('ws');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = process.env.DIALTONE_TOOLS || path.join(process.env.HOME, '.cache', 'dialtone');
const CLIENTS = Number(process.env.CLIENTS || 100);
const SECONDS = Number(process.env.SECONDS_EACH || 5);
const WINDOW = Number(process.env.WINDOW || 8);
const IDLE = Number(process.env.IDLE || 1000);
const HOLD = Number(process.env.HOLD || 20000);
const HOLD_PER_WORKER = 8000;
const HEALTH_REQUESTS = 20;
const ROOM_SIZE = 10;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssKb = (pid) => Number((fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/) || [])[1]);

function start(cmd, args, ready) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DIALTONE_LOG: 'warn' } });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${log}`)), 15000);
    let started = false;
    // Once started, output is only drained (PeerJS logs every connection).
    const check = (chunk) => {
      if (started) return;
      log += chunk;
      if (ready.test(log)) { started = true; clearTimeout(timer); resolve(child); }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
  });
}

// Every client of the bench comes from 127.0.0.1: the per-address connection cap (256 by default,
// against one host opening the whole server's worth of sockets) is off, as behind a reverse proxy.
const dialtoneNode = (port, extra = []) => start(path.join(ROOT, 'target/release/dialtone-server'),
  ['--listen', `127.0.0.1:${port}`, '--dist', '/nonexistent', '--rate-per-sec', '1000000', '--rate-burst', '1000000',
    '--send-queue', '1024', '--max-connections-per-ip', '0', ...extra], /Dialtone is up|no index.html/);
// PeerJS's own caps, raised to what is measured: 5,000 clients per key, and clients that send no
// HEARTBEAT for 60 s are dropped (its browser client sends one every 5 s).
const peerjsServer = (port) => start(path.join(TOOLS, 'node_modules/.bin/peerjs'),
  ['--port', String(port), '--concurrent_limit', '1000000', '--alive_timeout', '3600000'], /Started PeerServer/);

const dialtoneConnect = (port) => new Promise((resolve, reject) => {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`);
  ws.once('error', reject);
  ws.on('message', function first(data) {
    const frame = JSON.parse(data);
    if (frame.type === 'client-id') { ws.off('message', first); resolve({ ws, id: frame.payload.id }); }
  });
});

/** Two Dialtone nodes on one Redis; `kill` stops all three. RSS is node one's. */
async function dialtoneCluster() {
  const redis = spawn('redis-server', ['--port', '16379', '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await sleep(300);
  const nodes = [await dialtoneNode(18083, ['--redis', 'redis://127.0.0.1:16379']), await dialtoneNode(18084, ['--redis', 'redis://127.0.0.1:16379'])];
  return { pid: nodes[0].pid, kill: (sig) => { for (const c of [...nodes, redis]) c.kill(sig); } };
}

const DIALTONE_FRAMES = {
  frame: (to, stamp) => JSON.stringify({ type: 'ice-candidate', to, payload: { candidate: `candidate:${stamp}`, sdpMid: '0', sdpMLineIndex: 0 } }),
  stampOf: (frame) => frame.type === 'ice-candidate' ? Number(frame.payload.candidate.slice(10)) : null,
};

// How each server is spoken to: connect, and the relay frame to a peer.
const SERVERS = {
  dialtone: {
    start: () => dialtoneNode(18081),
    connect: () => dialtoneConnect(18081),
    ...DIALTONE_FRAMES,
  },
  // Even clients on node one, odd on node two: every pair relays across Redis.
  dialtone_2_nodes_redis: {
    start: dialtoneCluster,
    connect: (n) => dialtoneConnect(n % 2 === 0 ? 18083 : 18084),
    ...DIALTONE_FRAMES,
  },
  peerjs: {
    start: () => peerjsServer(19000),
    connect: (n) => new Promise((resolve, reject) => {
      const id = `p${n}-${Math.random().toString(36).slice(2, 8)}`;
      const ws = new WebSocket(`ws://127.0.0.1:19000/peerjs?key=peerjs&id=${id}&token=t${n}`);
      ws.once('error', reject);
      ws.on('message', function first(data) {
        if (JSON.parse(data).type === 'OPEN') { ws.off('message', first); resolve({ ws, id }); }
      });
    }),
    frame: (to, stamp) => JSON.stringify({ type: 'CANDIDATE', dst: to, payload: { candidate: `candidate:${stamp}`, sdpMid: '0', sdpMLineIndex: 0 } }),
    stampOf: (frame) => frame.type === 'CANDIDATE' ? Number(frame.payload.candidate.slice(10)) : null,
  },
};

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function measure(name) {
  const server = SERVERS[name];
  const child = await server.start();
  await sleep(300);
  try {
    const clients = [];
    for (let n = 0; n < CLIENTS; n++) clients.push(await server.connect(n));
    const latencies = [];
    let relayed = 0;
    let running = true;
    // Pairs: a sends to b with WINDOW messages in flight; each arrival sends the next.
    for (let p = 0; p + 1 < clients.length; p += 2) {
      const [a, b] = [clients[p], clients[p + 1]];
      b.ws.on('message', (data) => {
        const stamp = server.stampOf(JSON.parse(data));
        if (stamp === null) return;
        latencies.push(nowUs() - stamp);
        relayed++;
        if (running) a.ws.send(server.frame(b.id, nowUs()));
      });
      for (let w = 0; w < WINDOW; w++) a.ws.send(server.frame(b.id, nowUs()));
    }
    await sleep(500); // warm-up
    const [startCount, startLat] = [relayed, latencies.length];
    const started = Date.now();
    await sleep(SECONDS * 1000);
    const elapsed = (Date.now() - started) / 1000;
    const counted = relayed - startCount;
    const window = latencies.slice(startLat).sort((x, y) => x - y);
    running = false;
    await sleep(300);
    for (const c of clients) c.ws.terminate();
    const q = (f) => window[Math.min(window.length - 1, Math.floor(f * window.length))] / 1000;
    return {
      msgs_per_s: Math.round(counted / elapsed),
      p50_ms: Number(q(0.5).toFixed(3)),
      p99_ms: Number(q(0.99).toFixed(3)),
    };
  } finally {
    child.kill('SIGKILL');
  }
}

// Idle connections. Each server kind: how a held client connects and when it counts as in, and
// the health request to time while they are held.
const IDLE_SERVERS = {
  dialtone: {
    start: () => dialtoneNode(18081),
    url: (n) => `ws://127.0.0.1:18081/ws?room=r${Math.floor(n / ROOM_SIZE)}`,
    welcomed: 'client-id',
    health: 'http://127.0.0.1:18081/healthz',
  },
  peerjs: {
    start: () => peerjsServer(19000),
    url: (n) => `ws://127.0.0.1:19000/peerjs?key=peerjs&id=h${n}&token=t${n}`,
    welcomed: 'OPEN',
    health: 'http://127.0.0.1:19000/peerjs/id',
  },
};

/** A child process holding idle sockets: `open` from..to, `count` those still open. */
function holdWorker() {
  const held = new Set();
  let closed = 0;
  const openOne = (kind, n) => new Promise((resolve) => {
    const ws = new WebSocket(IDLE_SERVERS[kind].url(n), { perMessageDeflate: false });
    let settled = false;
    const settle = (error) => {
      if (settled) return;
      settled = true;
      if (error) ws.terminate(); else held.add(ws);
      resolve(error);
    };
    // Every frame is read (and dropped), so nothing stays queued for this client.
    ws.on('message', (data) => { if (!settled && JSON.parse(data).type === IDLE_SERVERS[kind].welcomed) settle(null); });
    ws.on('error', (e) => settle(e.message || String(e)));
    ws.on('close', () => { if (!settled) settle('closed before the welcome'); else if (held.has(ws)) closed++; });
  });
  process.on('message', async (msg) => {
    if (msg.cmd === 'open') {
      let failed = 0;
      let firstError = null;
      for (let n = msg.from; n < msg.to; n += 200) {
        const errors = await Promise.all(Array.from({ length: Math.min(200, msg.to - n) }, (_, k) => openOne(msg.kind, n + k)));
        for (const e of errors.filter(Boolean)) { failed++; firstError = firstError || e; }
      }
      process.send({ opened: msg.to - msg.from - failed, failed, firstError });
    } else if (msg.cmd === 'count') {
      process.send({ open: held.size - closed });
    }
  });
}

function ask(worker, msg) {
  return new Promise((resolve) => { worker.once('message', resolve); worker.send(msg); });
}

/** Milliseconds for one GET on a new connection, to the end of the body. */
function timedGet(url) {
  const t0 = nowUs();
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 200 ? resolve((nowUs() - t0) / 1000) : reject(new Error(`${url}: ${res.statusCode}`))));
    }).on('error', reject);
  });
}

/** Fresh server: RSS per connection over IDLE idle clients, then HOLD held with health latency. */
async function idle(name) {
  const server = IDLE_SERVERS[name];
  const child = await server.start();
  const workers = [];
  const open = async (from, to) => {
    let [opened, failed, firstError] = [0, 0, null];
    const jobs = [];
    // Client n lives in worker floor(n / HOLD_PER_WORKER).
    for (let n = from; n < to;) {
      const w = Math.floor(n / HOLD_PER_WORKER);
      const end = Math.min(to, (w + 1) * HOLD_PER_WORKER);
      while (workers.length <= w) workers.push(fork(__filename, ['--hold'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
      jobs.push(ask(workers[w], { cmd: 'open', kind: name, from: n, to: end }));
      n = end;
    }
    for (const r of await Promise.all(jobs)) { opened += r.opened; failed += r.failed; firstError = firstError || r.firstError; }
    return { opened, failed, firstError };
  };
  try {
    await sleep(500);
    await timedGet(server.health);
    const base = rssKb(child.pid);
    const first = await open(0, IDLE);
    await sleep(2000);
    const atIdle = rssKb(child.pid);
    const rest = await open(IDLE, HOLD);
    await sleep(3000);
    const atHold = rssKb(child.pid);
    const health = [];
    for (let r = 0; r < HEALTH_REQUESTS; r++) {
      health.push(await timedGet(server.health));
      await sleep(100);
    }
    health.sort((x, y) => x - y);
    const counts = await Promise.all(workers.map((w) => ask(w, { cmd: 'count' })));
    const held = counts.reduce((sum, c) => sum + c.open, 0);
    const failed = first.failed + rest.failed;
    return {
      idle: IDLE,
      rss_per_idle_conn_kb: Number(((atIdle - base) / first.opened).toFixed(2)),
      hold_asked: HOLD,
      held,
      failed,
      first_error: first.firstError || rest.firstError,
      rss_per_held_conn_kb: Number(((atHold - base) / held).toFixed(2)),
      // What one more idle connection costs, start-up costs (arenas, tables) aside.
      rss_per_added_conn_kb: Number(((atHold - atIdle) / (held - first.opened)).toFixed(2)),
      rss_mb_base_idle_held: [base, atIdle, atHold].map((kb) => Number((kb / 1024).toFixed(1))),
      health_median_ms: Number(health[Math.floor(health.length / 2)].toFixed(2)),
      health_max_ms: Number(health[health.length - 1].toFixed(2)),
    };
  } finally {
    for (const w of workers) w.kill('SIGKILL');
    child.kill('SIGKILL');
    await sleep(1000);
  }
}

async function main() {
  const dialtone = await measure('dialtone');
  const cluster = await measure('dialtone_2_nodes_redis');
  const peerjs = await measure('peerjs');
  const idleDialtone = await idle('dialtone');
  const idlePeerjs = await idle('peerjs');
  const ratio = {
    throughput: Number((dialtone.msgs_per_s / peerjs.msgs_per_s).toFixed(2)),
    p99_latency: Number((dialtone.p99_ms / peerjs.p99_ms).toFixed(2)),
    rss_per_idle_conn: Number((idleDialtone.rss_per_idle_conn_kb / idlePeerjs.rss_per_idle_conn_kb).toFixed(2)),
    rss_per_held_conn: Number((idleDialtone.rss_per_held_conn_kb / idlePeerjs.rss_per_held_conn_kb).toFixed(2)),
  };
  const cluster_vs_one_node = {
    throughput: Number((cluster.msgs_per_s / dialtone.msgs_per_s).toFixed(2)),
    p99_latency: Number((cluster.p99_ms / dialtone.p99_ms).toFixed(2)),
  };
  const idleResults = { dialtone: idleDialtone, peerjs: idlePeerjs };
  console.log(JSON.stringify({ bench: 'server_load', clients: CLIENTS, window: WINDOW, seconds: SECONDS, dialtone, dialtone_2_nodes_redis: cluster, peerjs, idle: idleResults, ratio, cluster_vs_one_node }));
  console.log(`${CLIENTS} clients in ${CLIENTS / 2} relaying pairs (${WINDOW} in flight each), ${SECONDS} s:`);
  for (const [name, r] of [['dialtone', dialtone], ['dialtone, 2 nodes on Redis (every message crosses)', cluster], ['peerjs  ', peerjs]]) {
    console.log(`  ${name}: ${r.msgs_per_s} msgs/s, latency p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms`);
  }
  console.log(`Idle connections (Dialtone in rooms of ${ROOM_SIZE}, welcome frames read), each server fresh:`);
  for (const [name, r] of Object.entries(idleResults)) {
    console.log(`  ${name.padEnd(8)}: ${r.rss_per_idle_conn_kb} KiB RSS per connection over ${r.idle}; ${r.held} of ${r.hold_asked} held` +
      `${r.failed ? ` (${r.failed} failed: ${r.first_error})` : ''}, ${r.rss_per_held_conn_kb} KiB each ` +
      `(${r.rss_per_added_conn_kb} KiB per connection past the first ${r.idle}), ` +
      `health ${r.health_median_ms} ms median, ${r.health_max_ms} ms max over ${HEALTH_REQUESTS} requests while held`);
  }
  console.log(`  dialtone / peerjs: throughput x${ratio.throughput}, p99 latency x${ratio.p99_latency}, memory per idle connection x${ratio.rss_per_idle_conn} (x${ratio.rss_per_held_conn} held)`);
  console.log(`  2 nodes on Redis / 1 node: throughput x${cluster_vs_one_node.throughput}, p99 latency x${cluster_vs_one_node.p99_latency}`);
}

if (process.argv[2] === '--hold') holdWorker();
else main().catch((e) => { console.error(e); process.exit(1); });
