/**
 * The server's answer cache: the JSON of read answers that depend only on the registry's data and
 * the request (a version list, a history page, a can-i-deploy verdict), kept until the registry
 * changes. Each answer is stored with the store's change mark (`Store.changeMark`: SQLite's
 * `data_version` plus this process's writes) and reused only while the mark is the same, so a
 * publish, a deploy or a revoked token, by this server or by any other process on the same file,
 * is seen by the very next request. A store that cannot tell (mark null) gets no reuse at all.
 *
 * Concurrent requests for the same answer share one computation. An answer is kept only when
 * the mark did not move while it was computed (a write landed in between: its result may be from
 * either side of that write).
 *
 * @example
 * const answers = new AnswerCache(store, { maxBytes: 64 * 1024 * 1024 });
 * const { body, hit } = await answers.answer('listVersions\0{"service":"orders"}', () => listVersions(store, { service: 'orders' }));
 */
import { LRUCache } from 'lru-cache';
import type { Store } from '../store/store.js';

export const DEFAULT_ANSWER_CACHE_BYTES = 64 * 1024 * 1024;

interface Kept {
  mark: string;
  body: string;
}

export interface Answer {
  /** The answer's JSON text. */
  body: string;
  /** `hit`: reused; `miss`: computed now (and kept if possible); `off`: the store cannot tell changes. */
  status: 'hit' | 'miss' | 'off';
}

export class AnswerCache {
  readonly #store: Store;
  readonly #kept: LRUCache<string, Kept> | undefined;
  readonly #computing = new Map<string, Promise<string>>();

  constructor(store: Store, options: { maxBytes: number }) {
    this.#store = store;
    // Sizes are the JSON text's length (UTF-16 units): close enough to bytes for a bound.
    this.#kept =
      options.maxBytes > 0
        ? new LRUCache<string, Kept>({ maxSize: options.maxBytes, sizeCalculation: (kept) => kept.body.length + 64 })
        : undefined;
  }

  async answer(key: string, compute: () => Promise<unknown>): Promise<Answer> {
    const mark = this.#kept === undefined ? null : await this.#store.changeMark();
    if (mark === null || this.#kept === undefined) {
      return { body: JSON.stringify(await compute()), status: 'off' };
    }
    const kept = this.#kept.get(key);
    if (kept !== undefined && kept.mark === mark) return { body: kept.body, status: 'hit' };
    const sharedKey = `${mark}\0${key}`;
    const running = this.#computing.get(sharedKey);
    if (running !== undefined) return { body: await running, status: 'hit' };
    const cache = this.#kept;
    const work = (async () => {
      const body = JSON.stringify(await compute());
      if (body.length + 64 <= cache.maxSize && (await this.#store.changeMark()) === mark) {
        cache.set(key, { mark, body });
      }
      return body;
    })();
    this.#computing.set(sharedKey, work);
    try {
      return { body: await work, status: 'miss' };
    } finally {
      this.#computing.delete(sharedKey);
    }
  }

  /** Entries and approximate bytes held, for tests and the benchmark. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.#kept?.size ?? 0, bytes: this.#kept?.calculatedSize ?? 0 };
  }
}
