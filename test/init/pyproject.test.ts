/** `[tool.holdfast]` edits of pyproject.toml: textual, minimal, idempotent, never reformatting. */
import { describe, expect, it } from 'vitest';
import { addHoldfastSettings } from '../../src/init/index.js';
import { caught } from '../extract/_python.js';

const APP = { app: 'shop.main:app' };

describe('addHoldfastSettings', () => {
  it('creates the file when there is none', () => {
    expect(addHoldfastSettings(undefined, { ...APP, python: '.venv/bin/python' }, 'pyproject.toml')).toEqual({
      text: '[tool.holdfast]\napp = "shop.main:app"\npython = ".venv/bin/python"\n',
      changed: true,
    });
  });

  it('appends the table after a blank line, keeping everything else byte for byte', () => {
    const text = '[project]\nname = "shop"   # odd spacing stays\ndependencies = [ "fastapi" ]\n';
    expect(addHoldfastSettings(text, { ...APP, appDir: 'src' }, 'pyproject.toml').text).toBe(
      `${text}\n[tool.holdfast]\napp = "shop.main:app"\napp-dir = "src"\n`,
    );
    expect(addHoldfastSettings('[project]\nname = "shop"', APP, 'pyproject.toml').text).toBe(
      '[project]\nname = "shop"\n\n[tool.holdfast]\napp = "shop.main:app"\n',
    );
    expect(addHoldfastSettings('[project]\nname = "shop"\n\n', APP, 'pyproject.toml').text).toBe(
      '[project]\nname = "shop"\n\n[tool.holdfast]\napp = "shop.main:app"\n',
    );
  });

  it('keeps Windows line endings', () => {
    expect(addHoldfastSettings('[project]\r\nname = "shop"\r\n', APP, 'pyproject.toml').text).toBe(
      '[project]\r\nname = "shop"\r\n\r\n[tool.holdfast]\r\napp = "shop.main:app"\r\n',
    );
  });

  it('adds only the missing keys under an existing header', () => {
    const text = '[tool.holdfast]  # ours\nfail-on = "warning"\n\n[tool.ruff]\nline-length = 100\n';
    expect(addHoldfastSettings(text, { ...APP, python: 'venv/bin/python' }, 'pyproject.toml').text).toBe(
      '[tool.holdfast]  # ours\napp = "shop.main:app"\npython = "venv/bin/python"\nfail-on = "warning"\n\n[tool.ruff]\nline-length = 100\n',
    );
  });

  it('leaves a configured app alone, so a second run changes nothing', () => {
    const once = addHoldfastSettings('[project]\nname = "shop"\n', APP, 'pyproject.toml').text;
    expect(addHoldfastSettings(once, { app: 'other:app' }, 'pyproject.toml')).toEqual({
      text: once,
      changed: false,
      reason: 'already sets app = "shop.main:app"',
    });
  });

  it('does not guess how to edit a table written with dotted keys', () => {
    const text = '[tool]\nholdfast.fail-on = "warning"\n';
    expect(addHoldfastSettings(text, APP, 'pyproject.toml')).toEqual({
      text,
      changed: false,
      reason: 'defines [tool.holdfast] without a [tool.holdfast] header; add app = "shop.main:app" to it yourself',
    });
  });

  it('refuses a file that is not TOML', async () => {
    const error = await caught(() => addHoldfastSettings('[project\nname = 1\n', APP, '/srv/shop/pyproject.toml'));
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(
      /^Could not read \/srv\/shop\/pyproject\.toml \(line 1, column \d+\): .+; expected valid TOML\. Fix the file; retrying will not help\.$/,
    );
  });
});
