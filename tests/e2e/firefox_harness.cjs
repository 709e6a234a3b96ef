// Firefox ESR in the end-to-end tests: Debian's firefox-esr driven by puppeteer-core over
// WebDriver BiDi (Playwright cannot drive a stock Firefox), with the prefs of
// ../shared/TOOLCHAIN.md, and a private PulseAudio daemon with a null sink, without which
// Firefox's AudioContext stays suspended and the mic check never starts.
// Every page gets its own Firefox: a second window or tab of one Firefox is not focused,
// gets no animation frames and waits for focus before getUserMedia answers.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const puppeteer = require('puppeteer-core');
const { SCREENSHOTS, RECORD_PEER_CONNECTIONS, inboundAudio } = require('./harness.cjs');

const FIREFOX = process.env.FIREFOX_BIN || '/usr/bin/firefox-esr';

const PREFS = {
  // Fake camera and microphone, granted without a prompt. Without the two permission prefs the
  // fake devices do not count as capturing, and Firefox offers only default-route addresses.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  // Calls connect over 127.0.0.1 inside the loopback-only namespace: loopback candidates on,
  // and real host addresses rather than mDNS names (nothing may multicast).
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0,
  'media.autoplay.block-webaudio': false,
};

/** What a step is waiting for, in the error when it does not happen in time. */
async function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Starts a private PulseAudio daemon (its own runtime dir, no autospawn, no D-Bus) with one null
 * sink, which is then the default sink and its monitor the default source. Works as root inside
 * `unshare --net`: it listens on a unix socket only. `env` is what a Firefox needs to reach it.
 */
async function startPulse() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dialtone-pulse-'));
  const socket = path.join(dir, 'native');
  const env = { ...process.env, XDG_RUNTIME_DIR: dir, HOME: dir, PULSE_SERVER: `unix:${socket}` };
  const child = spawn('pulseaudio', [
    '--daemonize=no', '--exit-idle-time=-1', '--use-pid-file=no', '-n', '--log-target=stderr',
    '-L', `module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
    '-L', 'module-null-sink sink_name=dialtone_null sink_properties=device.description=Dialtone-null',
  ], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (c) => { log += c; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // If the test process dies before after() runs, the daemon must not outlive it.
  const onExit = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  const stop = async () => {
    process.removeListener('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await within(5000, 'pulseaudio stops', exited).catch(() => child.kill('SIGKILL'));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10000;
  while (!fs.existsSync(socket)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`pulseaudio did not start (is it installed? scripts/tools.sh --test):\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { env: { PULSE_SERVER: `unix:${socket}` }, log: () => log, stop };
}

/**
 * A set of Firefox instances that all close together (`closeAll()` in `after`): one instance
 * per page, each sending its sound to `pulse`'s null sink.
 */
class FirefoxFleet {
  /** `prefs`: the prefs each Firefox starts with (PREFS unless a test needs others). */
  constructor(pulse, { prefs = PREFS } = {}) {
    this.pulse = pulse;
    this.prefs = prefs;
    this.browsers = new Set();
  }

  async launch() {
    const browser = await within(30000, 'Firefox ESR starts over WebDriver BiDi', puppeteer.launch({
      browser: 'firefox',
      executablePath: FIREFOX,
      headless: true,
      extraPrefsFirefox: this.prefs,
      env: { ...process.env, ...this.pulse.env },
      protocolTimeout: 60000,
    }));
    this.browsers.add(browser);
    return browser;
  }

  /**
   * A page of its own Firefox, recording its peer connections (in every frame) as the Chromium
   * pages do. `label` names it in timeout errors.
   */
  async newPage(label, { viewport = { width: 1280, height: 800 } } = {}) {
    const browser = await this.launch();
    const [first] = await browser.pages();
    const page = first || await browser.newPage();
    page.__label = label;
    page.__browser = browser;
    page.__errors = [];
    page.on('pageerror', (error) => page.__errors.push(String(error)));
    await page.setViewport(viewport);
    await page.evaluateOnNewDocument(RECORD_PEER_CONNECTIONS);
    return page;
  }

  /** Closes one page's Firefox. */
  async closePage(page) {
    await closeBrowser(page.__browser);
    this.browsers.delete(page.__browser);
  }

  async closeAll() {
    await Promise.all([...this.browsers].map(closeBrowser));
    this.browsers.clear();
  }
}

async function closeBrowser(browser) {
  const child = browser.process();
  await within(10000, 'Firefox closes', browser.close()).catch(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });
}

/** Opens the app in a Firefox page as `name`; resolves once the server assigned an id. */
async function openFirefoxApp(fleet, server, name, { query = '', viewport } = {}) {
  const page = await fleet.newPage(`Firefox ${name}`, { viewport });
  await page.goto(`${server.url}/?name=${encodeURIComponent(name)}${query}`);
  // Firefox answers getUserMedia only in a focused window.
  await page.bringToFront();
  await waitFor(page, '[data-testid="connection-status"][data-status="online"]', 'the app is online', 20000);
  page.__peerId = await attribute(page, '[data-testid="self-id"]', 'data-peer-id');
  return page;
}

/** Waits for a selector in a Firefox page; the error says which page waited for what. */
async function waitFor(page, selector, what, timeout = 20000) {
  try {
    return await page.waitForSelector(selector, { timeout });
  } catch (error) {
    throw new Error(`${page.__label}: ${what} (${selector}) not within ${timeout} ms: ${error.message}`);
  }
}

async function attribute(page, selector, name) {
  return page.$eval(selector, (el, n) => el.getAttribute(n), name);
}

/** Clicks once the element is visible and enabled (a locator waits for both). */
async function click(page, selector, what, timeout = 15000) {
  try {
    await page.locator(selector).setTimeout(timeout).click();
  } catch (error) {
    throw new Error(`${page.__label}: could not click ${what} (${selector}) within ${timeout} ms: ${error.message}`);
  }
}

async function waitForCallState(page, state, timeout = 20000) {
  await waitFor(page, `[data-testid="call-state"][data-state="${state}"]`, `call state ${state}`, timeout);
}

async function endReason(page) {
  await waitFor(page, '[data-testid="call-end-reason"]', 'the end reason', 20000);
  return attribute(page, '[data-testid="call-end-reason"]', 'data-code');
}

/**
 * Inbound audio of the page's (or frame's) latest peer connection, sampled every 500 ms for
 * `ms`. Works for Playwright and Puppeteer pages alike: both evaluate a function the same way.
 */
async function sampleInbound(page, ms = 1500) {
  const samples = [await inboundAudio(page)];
  for (let t = 0; t < ms; t += 500) {
    await new Promise((r) => setTimeout(r, 500));
    samples.push(await inboundAudio(page));
  }
  return samples;
}

/**
 * Audio arrives and keeps arriving: the first packets with sound in them (decoded energy above
 * zero) within `startWithin` ms, then bytes grow at every sample over 1.5 s and the energy over
 * them. Chromium and Firefox both report totalAudioEnergy for inbound audio. Takes a Playwright
 * page or frame or a Puppeteer one. Resolves with how long the start took, a figure worth printing.
 */
async function assertAudioFlows(page, label, { startWithin = 10000 } = {}) {
  const assert = require('node:assert/strict');
  const t0 = Date.now();
  // Firefox starts sending about a second after `connected` when its microphone was opened on
  // accepting, and counts energy only once it plays the audio out, up to ~4 s after the
  // first packets: its media graph starts late. The tracks are live all along.
  let first = await inboundAudio(page);
  while (!(first.bytes > 0 && first.energy > 0) && Date.now() - t0 < startWithin) {
    await new Promise((r) => setTimeout(r, 100));
    first = await inboundAudio(page);
  }
  assert.ok(first.bytes > 0 && first.energy > 0, `${label}: no audio with sound in it within ${startWithin} ms ${JSON.stringify(first)}`);
  const startMs = Date.now() - t0;
  const samples = await sampleInbound(page, 1500);
  for (let i = 1; i < samples.length; i++) {
    assert.ok(samples[i].bytes > samples[i - 1].bytes, `${label}: audio bytes grow ${JSON.stringify(samples)}`);
  }
  assert.ok(samples.at(-1).energy > samples[0].energy, `${label}: the audio has energy ${JSON.stringify(samples)}`);
  return { startMs };
}

async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

module.exports = {
  PREFS, within, startPulse, FirefoxFleet, openFirefoxApp, waitFor, attribute, click, waitForCallState,
  endReason, sampleInbound, assertAudioFlows, screenshot,
};
