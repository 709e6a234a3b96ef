// A minimal signaling server written to the *base* protocol of ../shared/specs/signaling.md: the
// kind of small server nobody here wrote, used to check that Dialtone's page copes with one
// honestly (issue #16). Test harness only, never shipped.
//
// What it does, and nothing more: the first frame is `client-id` with the id alone (no resume,
// no limits, no names); `list-peers` answers `peer-list` with everyone, the asker included; joins
// and leaves go to everyone, the newcomer's own `peer-joined` included; `offer`, `answer` and
// `ice-candidate` are relayed to `to` with `from` set (and `to` dropped); `chat` goes to
// everyone, the sender included, payload untouched, and is replayed to every newcomer. Every
// other type, and anything unparsable, is dropped silently: no `error` frames. It also serves the
// built app, answering every unknown path (`/api/ice-servers` too) with the app's index.html, as a
// static server with a single-page fallback does.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const crypto = require('node:crypto');
const { WebSocketServer } = require('ws');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
const HISTORY_KEPT = 100;

/** Starts the base server on 127.0.0.1 (a free port unless `port` is given), serving `dist`. */
function startBaseServer({ dist, port = 0 }) {
  const clients = new Map(); // id -> socket
  const history = [];
  const stats = { iceServerRequests: 0, dropped: {}, relayed: {} };
  const count = (table, type) => { table[type] = (table[type] || 0) + 1; };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/ice-servers') stats.iceServerRequests += 1;
    const name = url.pathname.replace(/^\/+/, '');
    let file = path.join(dist, path.normalize(name));
    if (!name || !file.startsWith(dist) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      file = path.join(dist, 'index.html');
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url, 'http://x').pathname !== '/ws') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  const send = (ws, frame) => { if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame)); };
  const everyone = (frame) => { for (const ws of clients.values()) send(ws, frame); };

  wss.on('connection', (ws) => {
    const id = crypto.randomBytes(4).toString('hex');
    clients.set(id, ws);
    send(ws, { type: 'client-id', payload: { id } });
    everyone({ type: 'peer-joined', payload: { id } });
    for (const frame of history) send(ws, frame);
    ws.on('message', (data, binary) => {
      let msg;
      try { msg = JSON.parse(binary ? '' : data.toString()); } catch { return count(stats.dropped, 'unparsable'); }
      switch (msg && msg.type) {
        case 'list-peers':
          return send(ws, { type: 'peer-list', peers: [...clients.keys()] });
        case 'offer': case 'answer': case 'ice-candidate': {
          const target = clients.get(msg.to);
          if (!target) return count(stats.dropped, `${msg.type} to nobody`);
          count(stats.relayed, msg.type);
          return send(target, { type: msg.type, from: id, payload: msg.payload });
        }
        case 'chat': {
          const frame = { type: 'chat', from: id, payload: msg.payload };
          count(stats.relayed, 'chat');
          history.push(frame);
          if (history.length > HISTORY_KEPT) history.shift();
          return everyone(frame);
        }
        default:
          return count(stats.dropped, String(msg && msg.type));
      }
    });
    ws.on('close', () => {
      clients.delete(id);
      everyone({ type: 'peer-left', payload: { id } });
    });
  });

  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => {
    const { port: bound } = server.address();
    resolve({
      url: `http://127.0.0.1:${bound}`,
      port: bound,
      stats,
      stop: () => new Promise((done) => {
        for (const ws of clients.values()) ws.terminate();
        wss.close();
        server.close(() => done());
        server.closeAllConnections?.();
      }),
    });
  }));
}

module.exports = { startBaseServer };
