// axe-core (from npm, installed by scripts/tools.sh --test) run inside a page or frame, so the e2e
// tests can hold every main screen to "no serious or critical accessibility violation".
'use strict';

const fs = require('node:fs');

// Read once: the whole library, evaluated in the page through the DevTools protocol, which the
// app's Content-Security-Policy does not apply to (a <script> tag would be refused).
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const FAILING = new Set(['serious', 'critical']);

/** Waits until no finite CSS transition or animation is running (a theme switch fades colours). */
async function settle(target) {
  await target.waitForFunction(() => document.getAnimations().every((a) =>
    a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity), null, { timeout: 3000 }).catch(() => {});
}

/** Runs axe over the whole document of `target` (a Playwright page or frame); returns its violations. */
async function axeViolations(target) {
  const loaded = await target.evaluate(() => typeof window.axe === 'object');
  if (!loaded) await target.evaluate(AXE_SOURCE);
  await settle(target);
  return target.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({
        impact: n.impact,
        target: n.target.map((t) => (Array.isArray(t) ? t.join(' >>> ') : t)).join(' | '),
        html: n.html.replace(/\s+/g, ' ').slice(0, 160),
        summary: (n.failureSummary || '').replace(/\s+/g, ' ').slice(0, 200),
      })),
    }));
  });
}

/** One line per violation and one per element it names: what to fix and where. */
function describe(violations) {
  const lines = [];
  for (const v of violations) {
    lines.push(`${v.impact} ${v.id}: ${v.help}`);
    for (const n of v.nodes.slice(0, 6)) lines.push(`    at ${n.target}  ${n.html}\n      ${n.summary}`);
    if (v.nodes.length > 6) lines.push(`    … and ${v.nodes.length - 6} more`);
  }
  return lines.join('\n');
}

/**
 * Splits a run's violations into the failing ones (serious, critical) and the rest (moderate,
 * minor), which the tests print without failing.
 */
function partition(violations) {
  return {
    failing: violations.filter((v) => FAILING.has(v.impact)),
    other: violations.filter((v) => !FAILING.has(v.impact)),
  };
}

module.exports = { axeViolations, describe, partition, settle, AXE_VERSION: require('axe-core/package.json').version };
