import { spawn } from 'node:child_process';
import type { Io } from './io.js';

/** Splits a command line like Python's shlex.split (quotes and backslashes). */
export function shellSplit(command: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:\\.|[^"\\])*)"|'([^']*)'|((?:\\.|[^\s"'\\])+)|(\s+)/g;
  let current: string | undefined;
  for (const m of command.matchAll(pattern)) {
    if (m[4] !== undefined) {
      if (current !== undefined) words.push(current);
      current = undefined;
      continue;
    }
    const piece = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2] : (m[3] ?? '').replace(/\\(.)/g, '$1');
    current = (current ?? '') + piece;
  }
  if (current !== undefined) words.push(current);
  return words;
}

/**
 * The command that would open a URL, or undefined when no browser is available. BROWSER works as
 * in Python's webbrowser: a list of commands separated by ':', `%s` replaced by the URL (else the
 * URL is appended), so `BROWSER='echo %s'` just prints it.
 */
export function browserCommand(env: Io['env'], platform: NodeJS.Platform = process.platform): string[] | undefined {
  const configured = env['BROWSER']?.split(':').map((s) => s.trim()).find((s) => s !== '');
  if (configured) return shellSplit(configured);
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  if (env['DISPLAY'] || env['WAYLAND_DISPLAY']) return ['xdg-open'];
  return undefined;
}

/** Opens a URL in a browser if there is one; resolves to whether a browser command ran. */
export async function openBrowser(url: string, io: Io): Promise<boolean> {
  const command = browserCommand(io.env);
  if (!command || command.length === 0) return false;
  const args = command.slice(1);
  const hasPlaceholder = args.some((a) => a.includes('%s'));
  const finalArgs = hasPlaceholder ? args.map((a) => a.replaceAll('%s', url)) : [...args, url];
  return new Promise<boolean>((resolve) => {
    const child = spawn(command[0] ?? '', finalArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...io.env } as NodeJS.ProcessEnv });
    child.stdout.on('data', (chunk: Buffer) => io.stdout.write(chunk));
    child.stderr.on('data', () => undefined);
    child.on('error', () => resolve(false));
    // Quick commands (echo, xdg-open, open) finish first, so their output precedes our prompt; a
    // browser that stays open is left running on its own rather than holding up the dance.
    const timer = setTimeout(() => {
      child.unref();
      resolve(true);
    }, 1500);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}
