// The page performs each input's actions in the order the core decided them, and a result raised
// while it performs them waits for the rest of the batch (issue #14, one driver loop).
//
// Seen from outside: an invitation asks the page to create the peer connection, apply the offer
// and start the ringtone, in that order. When the browser refuses to create the connection, the
// call ends (BAD_SDP) and the ringtone must stop. If the failure were handled at once, in the
// middle of the batch (as at 2e85f8a), the end's "stop the tones" would run before the batch's
// "play the ringtone", and the ringtone would go on ringing for a call that is over.
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');

const env = h.serverAndBrowser();

// Counts the oscillators that were started and not stopped (the ringtone is made of them). The
// real methods run: this only watches.
const WATCH_OSCILLATORS = () => {
  const proto = window.OscillatorNode.prototype;
  const start = proto.start;
  const stop = proto.stop;
  window.__liveOscillators = new Set();
  proto.start = function (...args) {
    window.__liveOscillators.add(this);
    return start.apply(this, args);
  };
  proto.stop = function (...args) {
    window.__liveOscillators.delete(this);
    return stop.apply(this, args);
  };
};

// Chromium allows a page a bounded number of RTCPeerConnections; past it the constructor throws.
// The page is brought to that limit for real, so its next connection cannot be created.
const EXHAUST_PEER_CONNECTIONS = () => {
  window.__held = [];
  for (let i = 0; i < 2000; i += 1) {
    try {
      window.__held.push(new RTCPeerConnection());
    } catch (error) {
      return { held: window.__held.length, error: error.name };
    }
  }
  return { held: window.__held.length, error: null };
};

test('a peer connection the browser refuses ends the ringing call and stops the ringtone', { timeout: 90000 }, async () => {
  const alice = await h.openApp(env.browser, env.server, 'Alice');
  const bob = await h.openApp(env.browser, env.server, 'Bob', {
    beforeLoad: (page) => page.addInitScript(WATCH_OSCILLATORS),
  });
  await h.waitForPeer(alice, bob);
  const exhausted = await bob.evaluate(EXHAUST_PEER_CONNECTIONS);
  assert.ok(exhausted.error, `the browser refused a connection after ${exhausted.held}`);
  // One slot back would let the call's connection through: keep them all.
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  assert.equal(await h.endReason(bob), 'BAD_SDP');
  // Leave the page time for any late action, then listen: nothing rings.
  await bob.waitForTimeout(1000);
  assert.equal(await bob.evaluate(() => window.__liveOscillators.size), 0, 'no tone plays after the call ended');
  assert.equal(await h.endReason(alice), 'BAD_SDP', 'Alice is told why');
  await bob.evaluate(() => { for (const pc of window.__held) pc.close(); window.__held = []; });
});
