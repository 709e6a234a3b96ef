// The silent-ringing notice in Firefox ESR with its own autoplay rule (as it ships: audible
// media and Web Audio held until the person uses the page), which the other Firefox tests lift.
// See silent_ringing.test.cjs for the Chromium side and why the page is read without touching
// it: here the page reports what it shows on its console (an init script), so no evaluation
// of the test's can count as the person's use of it.
'use strict';

const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const h = require('./harness.cjs');
const ff = require('./firefox_harness.cjs');

// Firefox's autoplay rule as it ships.
const SHIPPED = { ...ff.PREFS, 'media.autoplay.default': 1, 'media.autoplay.block-webaudio': true };
// Without the microphone and camera granted to every site ahead (the other Firefox tests grant
// them): Firefox lets a site it has granted them sound at once. Nothing rings through to a call
// here, so the fake devices need no grant.
const UNGRANTED = { ...SHIPPED };
delete UNGRANTED['permissions.default.microphone'];
delete UNGRANTED['permissions.default.camera'];

let server, chromium, pulse, ungranted, granted;
before(async () => {
  pulse = await ff.startPulse();
  ungranted = new ff.FirefoxFleet(pulse, { prefs: UNGRANTED });
  granted = new ff.FirefoxFleet(pulse, { prefs: SHIPPED });
  server = await h.startServer();
  chromium = await h.launchBrowser();
});
after(async () => {
  await ungranted?.closeAll();
  await granted?.closeAll();
  await chromium?.close();
  await server?.stop();
  await pulse?.stop();
});

// Every 100 ms the page logs what the test needs: its id, the notice and its button's place,
// the incoming call, and its AudioContext's state and clock.
const REPORT = () => {
  const Native = window.AudioContext;
  const contexts = [];
  window.AudioContext = class extends Native {
    constructor(...args) {
      super(...args);
      this.__initial = this.state;
      contexts.push(this);
    }
  };
  // Whether the notice was ever on the page, however briefly.
  let noticeSeen = false;
  new MutationObserver(() => {
    if (document.querySelector('[data-testid="silent-ringing"]')) noticeSeen = true;
  }).observe(document, { childList: true, subtree: true });
  setInterval(() => {
    const button = document.querySelector('[data-testid="allow-sound-button"]');
    const box = button && button.getBoundingClientRect();
    const self = document.querySelector('[data-testid="self-id"]');
    console.log('report ' + JSON.stringify({
      id: self ? self.dataset.peerId : null,
      notice: !!document.querySelector('[data-testid="silent-ringing"]'),
      noticeSeen,
      button: box ? { x: box.x + box.width / 2, y: box.y + box.height / 2 } : null,
      incoming: !!document.querySelector('[data-testid="incoming-call"]'),
      audio: contexts[0] ? { state: contexts[0].state, time: contexts[0].currentTime, initial: contexts[0].__initial } : null,
    }));
  }, 100);
};

/** A Firefox page of `fleet` that reports on its console; `until(check)` waits on its reports. */
async function openReporting(fleet) {
  const page = await fleet.newPage('Firefox Bob');
  const reports = [];
  page.on('console', (message) => {
    const text = message.text();
    if (text.startsWith('report ')) reports.push(JSON.parse(text.slice(7)));
  });
  const latest = () => reports[reports.length - 1] || {};
  const until = async (check, what, timeout = 20000) => {
    const deadline = Date.now() + timeout;
    while (!check(latest())) {
      if (Date.now() > deadline) throw new Error(`Firefox Bob: timed out waiting for ${what}: ${JSON.stringify(latest())}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await page.evaluateOnNewDocument(REPORT);
  await page.goto(`${server.url}/?name=Bob`);
  return { page, until, latest, reports };
}

test('Firefox: a page nobody has used says a call would ring silently; a click on "Turn on sound" lets the next call ring', { timeout: 120000 }, async () => {
  const alice = await h.openApp(chromium, server, 'Alice');
  const { page: bob, until, latest } = await openReporting(ungranted);
  await until((r) => r.notice && r.id, 'the silent-ringing notice');
  let report = latest();
  assert.equal(latest().audio.state, 'suspended', 'Firefox holds the page sound');

  bob.__peerId = report.id;
  await h.waitForPeer(alice, bob);
  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await until((r) => r.incoming, 'the incoming call');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(latest().audio.state, 'suspended', 'the ring made no sound');
  await alice.click('[data-testid="hangup-button"]');
  await until((r) => !r.incoming, 'the call to go');

  report = latest();
  await bob.mouse.click(report.button.x, report.button.y);
  await until((r) => !r.notice, 'the notice to go');
  assert.equal(latest().audio.state, 'running', 'the page may sound now');

  await h.peerRow(alice, bob).locator('[data-testid="call-audio-button"]').click();
  await until((r) => r.incoming, 'the second call');
  const ringing = latest().audio.time;
  await new Promise((resolve) => setTimeout(resolve, 600));
  assert.ok(latest().audio.time - ringing > 0.3, `the audio clock runs while it rings: ${ringing} -> ${latest().audio.time}`);
  await alice.click('[data-testid="hangup-button"]');
  assert.deepEqual(bob.__errors, []);
  await alice.context().close();
});

test('Firefox: where the site may sound at once, the notice never shows, not even while its audio starts', { timeout: 60000 }, async () => {
  // Firefox starts an allowed context suspended and runs it a moment later: the page must not
  // read that moment as "held".
  const { until, latest } = await openReporting(granted);
  await until((r) => r.id && r.audio && r.audio.state === 'running', 'the page audio running');
  assert.equal(latest().noticeSeen, false, 'the notice never showed, not even for a moment');
  assert.equal(latest().audio.initial, 'suspended', 'the audio was made suspended (the moment tested here)');
});
