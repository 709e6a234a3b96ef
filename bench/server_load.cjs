// Signaling server load, side by side: Dialtone's server and the npm `peer` (PeerJS) server doing
// the equivalent relay. Measures relayed messages/s and relay latency (p50/p99) with N clients in
// pairs keeping a window of messages in flight, and the server's RSS per idle connection. A third
// run puts Dialtone on two nodes sharing one Redis with every pair split across them, so each
// message crosses Redis pub/sub (what a cluster adds to a relay).
// Prints one JSON line, then a summary. Run with bench/server_load.sh (loopback-only namespace).
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const WebSocket = require('ws');

const ROOT = path.resolve(__dirname, '..');
const TOOLS = process.env.DIALTONE_TOOLS || path.join(process.env.HOME, '.cache', 'dialtone');
const CLIENTS = Number(process.env.CLIENTS || 100);
const SECONDS = Number(process.env.SECONDS_EACH || 5);
const WINDOW = Number(process.env.WINDOW || 8);
const IDLE = Number(process.env.IDLE || 1000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rssKb = (pid) => Number((fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/) || [])[1]);

function start(cmd, args, ready) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DIALTONE_LOG: 'warn' } });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start: ${log}`)), 15000);
    const check = (chunk) => { log += chunk; if (ready.test(log)) { clearTimeout(timer); resolve(child); } };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
  });
}

const dialtoneNode = (port, extra = []) => start(path.join(ROOT, 'target/release/dialtone-server'),
  ['--listen', `127.0.0.1:${port}`, '--dist', '/nonexistent', '--rate-per-sec', '1000000', '--rate-burst', '1000000',
    '--send-queue', '1024', ...extra], /Dialtone is up|no index.html/);

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
    start: () => start(path.join(TOOLS, 'node_modules/.bin/peerjs'), ['--port', '19000'], /Started PeerServer/),
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
    await sleep(500);

    // Idle connections: RSS growth per connection.
    const before = rssKb(child.pid);
    const idle = [];
    for (let n = 0; n < IDLE; n++) idle.push(await server.connect(100000 + n));
    await sleep(1000);
    const after = rssKb(child.pid);
    for (const c of idle) c.ws.terminate();
    const q = (f) => window[Math.min(window.length - 1, Math.floor(f * window.length))] / 1000;
    return {
      msgs_per_s: Math.round(counted / elapsed),
      p50_ms: Number(q(0.5).toFixed(3)),
      p99_ms: Number(q(0.99).toFixed(3)),
      rss_per_idle_conn_kb: Number(((after - before) / IDLE).toFixed(2)),
    };
  } finally {
    child.kill('SIGKILL');
  }
}

(async () => {
  const dialtone = await measure('dialtone');
  const cluster = await measure('dialtone_2_nodes_redis');
  const peerjs = await measure('peerjs');
  const ratio = {
    throughput: Number((dialtone.msgs_per_s / peerjs.msgs_per_s).toFixed(2)),
    p99_latency: Number((dialtone.p99_ms / peerjs.p99_ms).toFixed(2)),
    rss_per_conn: Number((dialtone.rss_per_idle_conn_kb / peerjs.rss_per_idle_conn_kb).toFixed(2)),
  };
  const cluster_vs_one_node = {
    throughput: Number((cluster.msgs_per_s / dialtone.msgs_per_s).toFixed(2)),
    p99_latency: Number((cluster.p99_ms / dialtone.p99_ms).toFixed(2)),
  };
  console.log(JSON.stringify({ bench: 'server_load', clients: CLIENTS, window: WINDOW, seconds: SECONDS, idle_connections: IDLE, dialtone, dialtone_2_nodes_redis: cluster, peerjs, ratio, cluster_vs_one_node }));
  console.log(`${CLIENTS} clients in ${CLIENTS / 2} relaying pairs (${WINDOW} in flight each), ${SECONDS} s; ${IDLE} idle connections:`);
  for (const [name, r] of [['dialtone', dialtone], ['dialtone, 2 nodes on Redis (every message crosses)', cluster], ['peerjs  ', peerjs]]) {
    console.log(`  ${name}: ${r.msgs_per_s} msgs/s, latency p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${r.rss_per_idle_conn_kb} KiB RSS per idle connection`);
  }
  console.log(`  dialtone / peerjs: throughput x${ratio.throughput}, p99 latency x${ratio.p99_latency}, memory per connection x${ratio.rss_per_conn}`);
  console.log(`  2 nodes on Redis / 1 node: throughput x${cluster_vs_one_node.throughput}, p99 latency x${cluster_vs_one_node.p99_latency}`);
})().catch((e) => { console.error(e); process.exit(1); });
