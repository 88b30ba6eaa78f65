// Which browser opens: BROWSER as Python's webbrowser reads it, else the platform's opener only
// where there is a display.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserCommand, shellSplit } from '../../src/cli/browser.js';

test('BROWSER wins, split like shlex, first of a colon list', () => {
  assert.deepEqual(browserCommand({ BROWSER: 'echo %s' }, 'linux'), ['echo', '%s']);
  assert.deepEqual(browserCommand({ BROWSER: 'firefox --new-window:chromium' }, 'linux'), ['firefox', '--new-window']);
  assert.deepEqual(shellSplit(`open -a "Google Chrome" 'x y' a\\ b`), ['open', '-a', 'Google Chrome', 'x y', 'a b']);
});

test('no BROWSER: xdg-open only with a display; open on macOS; nothing on a headless server', () => {
  assert.equal(browserCommand({}, 'linux'), undefined);
  assert.deepEqual(browserCommand({ DISPLAY: ':0' }, 'linux'), ['xdg-open']);
  assert.deepEqual(browserCommand({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), ['xdg-open']);
  assert.deepEqual(browserCommand({}, 'darwin'), ['open']);
});
