/**
 * Init: sets holdfast up in a Python project. Finds the FastAPI app (a module-level
 * `app = FastAPI(...)`, an app factory, or `app = create_app()`), writes `[tool.holdfast]` into
 * pyproject.toml without reformatting the file, and offers a GitHub workflow and a pytest module
 * that run `holdfast check`, plus a pre-commit entry to paste. Existing files are never
 * overwritten, so running it twice changes nothing.
 *
 * Entry points: `planInit(options)` (decides, writes nothing) and `applyInit(plan, cwd)`.
 *
 * @module
 * @example
 * const plan = await planInit({ cwd: process.cwd(), version: '0.1.0' });
 * await applyInit(plan, process.cwd());
 */
export { type AppCandidate, findApps } from './find-app.js';
export { applyInit, type InitOptions, type InitPlan, type PlannedFile, planInit } from './init.js';
export { addHoldfastSettings, type HoldfastSettings, type PyprojectEdit } from './pyproject.js';
export {
  githubWorkflow,
  HOLDFAST_REPOSITORY,
  preCommitSnippet,
  pytestModule,
  type TemplateOptions,
} from './templates.js';
