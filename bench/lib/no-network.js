// Imported first by the peer runners: the benchmark must never reach the
// network. Some peers dereference every `$ref` they meet, including URLs that
// sit inside examples (the GitHub description has SCIM examples whose `$ref`
// is an https://api.github.com/... URL), and would try to download them.
// Here any such attempt fails at once, locally, the way it would on an
// offline machine, and the peer reports its own error.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

/** @param {string} what */
function refuse(what) {
  const error = new Error(`network access is disabled in the benchmark (${what})`);
  Object.assign(error, { code: 'EBENCHOFFLINE' });
  return error;
}

/**
 * @param {Record<string, unknown>} target
 * @param {string} name
 * @param {string} label
 */
function block(target, name, label) {
  Object.defineProperty(target, name, {
    configurable: true,
    writable: true,
    value: () => {
      throw refuse(label);
    },
  });
}

block(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (http)), 'request', 'http.request');
block(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (http)), 'get', 'http.get');
block(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (https)), 'request', 'https.request');
block(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (https)), 'get', 'https.get');
block(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (net)), 'connect', 'net.connect');
block(
  /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (net)),
  'createConnection',
  'net.createConnection',
);
block(/** @type {Record<string, unknown>} */ (/** @type {unknown} */ (tls)), 'connect', 'tls.connect');
globalThis.fetch = async () => {
  throw refuse('fetch');
};
