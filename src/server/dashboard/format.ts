/** Small pieces every page uses: times and ages, status badges (a word and a symbol, never colour alone). */
import type { Level } from '../../rules/types.js';
import { type Fragment, type Html, html } from './html.js';

/**
 * `3 h ago`, `2 d ago`, `just now`, from two ISO-8601 times.
 *
 * @example
 * age('2026-01-05T08:00:00.000Z', new Date('2026-01-05T11:30:00.000Z')) // '3 h ago'
 */
export function age(at: string, now: Date): string {
  const seconds = Math.round((now.getTime() - Date.parse(at)) / 1000);
  if (!Number.isFinite(seconds)) return '';
  if (seconds < 0) return 'in the future';
  if (seconds < 60) return 'just now';
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  if (days < 60) return `${days} d ago`;
  return `${Math.floor(days / 30)} months ago`;
}

/** `2026-01-05 10:00 UTC`. */
export function utc(at: string): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A `<time>` with the UTC time as text and the age in its title. */
export function time(at: string, now: Date): Html {
  return html`<time datetime="${at}" title="${age(at, now)}">${utc(at)}</time>`;
}

/** A `<time>` showing the age, the exact time in its title. */
export function ageTime(at: string, now: Date): Html {
  return html`<time datetime="${at}" title="${utc(at)}">${age(at, now)}</time>`;
}

export type Tone = 'ok' | 'bad' | 'warn' | 'info' | 'muted';

const SYMBOLS: Record<Tone, string> = { ok: '✓', bad: '✗', warn: '▲', info: '●', muted: '○' };

/** A status label: symbol and word in a coloured pill; the word carries the meaning. */
export function badge(tone: Tone, label: Fragment): Html {
  return html`<span class="badge tone-${tone}"><span aria-hidden="true">${SYMBOLS[tone]} </span>${label}</span>`;
}

export const LEVEL_TONE: Record<Level, Tone> = { breaking: 'bad', warning: 'warn', info: 'info' };

export function levelBadge(level: Level): Html {
  return badge(LEVEL_TONE[level], level);
}

export function deploymentStatusBadge(status: 'live' | 'rolled_back' | 'replaced'): Html {
  if (status === 'live') return badge('ok', 'live');
  if (status === 'rolled_back') return badge('bad', 'rolled back');
  return badge('muted', 'replaced');
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export { plural };

/** `1,234`. */
export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** `1 call`, `1,071 calls`. */
export function calls(value: number): string {
  return `${count(value)} call${value === 1 ? '' : 's'}`;
}

/** `12.5 %`, or `–` when nothing was counted. */
export function percent(part: number, whole: number): string {
  if (whole === 0) return '–';
  const value = (part / whole) * 100;
  return `${value === 0 || value >= 10 ? value.toFixed(0) : value.toFixed(1)} %`;
}
