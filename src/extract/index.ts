/**
 * Extract: imports a Python web app without serving it and returns its OpenAPI document, so a
 * contract can come straight from the code (`holdfast extract`, and `py:` / `git:REV:py:` inputs).
 *
 * Entry point: `extractOpenApi(target, { cwd, python?, appDir? })`. It runs `extract.py` (shipped
 * beside this module) with the interpreter `resolveInterpreter` picks: `--python`, then
 * `[tool.holdfast] python` in pyproject.toml, then `$VIRTUAL_ENV`, then `.venv/` or `venv/` in the
 * project, then `python3` on PATH.
 *
 * Recognized objects (detected by attribute, in this order): an OpenAPI dict itself; anything
 * with an `openapi()` method (FastAPI, and apps built on it); django-ninja `NinjaAPI`
 * (`get_openapi_schema()`); Litestar (`openapi_schema.to_schema()`); APIFlask and flask-smorest
 * (`spec`); apispec `APISpec` (`to_dict()`); flask-openapi3 (`api_doc`); and any function callable
 * without arguments whose result is one of those (an app factory, or a function returning the
 * document). `module:factory()` calls the factory explicitly, as uvicorn's `--factory` does.
 *
 * The output is `json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False)` plus a newline,
 * with a fixed PYTHONHASHSEED: byte-identical across runs for the same code. Whatever the app
 * prints while importing goes to stderr and never into the document.
 *
 * With `codeRoot`, the same run also records where a FastAPI app's code defines each part of the
 * document (`Extraction.codeMap`, see code-map.ts): endpoint functions, parameters, Pydantic models
 * and fields, Enum members. The document text is unchanged; findings use the map to cite Python lines.
 *
 * @module
 * @example
 * const { text, interpreter } = await extractOpenApi('shop.main:app', { cwd: process.cwd() });
 */
export {
  type CodeLocation,
  type CodeMap,
  codeLocationOf,
  codeRootOf,
  parseCodeMap,
  renderCodeMap,
} from './code-map.js';
export {
  checkTarget,
  EXTRACT_TIMEOUT_MS,
  type Extraction,
  type ExtractOptions,
  extractOpenApi,
} from './extract.js';
export {
  findOnPath,
  type Interpreter,
  type InterpreterOptions,
  type InterpreterOrigin,
  resolveInterpreter,
} from './interpreter.js';
export { holdfastTable, type PyprojectSettings, parsePyproject, readPyproject } from './pyproject.js';
