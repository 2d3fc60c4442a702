/** Every API route, in the order the OpenAPI document lists them. */
import type { ApiRoute } from './_route.js';
import { REGISTRY_ROUTES } from './registry.js';
import { TOKEN_ROUTES } from './tokens.js';
import { USAGE_ROUTES } from './usage.js';

export const API_ROUTES: readonly ApiRoute[] = [...REGISTRY_ROUTES, ...USAGE_ROUTES, ...TOKEN_ROUTES];
