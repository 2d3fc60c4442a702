/**
 * Finds the first syntax error in a JSON text (RFC 8259) with an offset and a short reason.
 * Runs only after `JSON.parse` failed: V8's messages differ between Node versions and some
 * carry no position, so the reported place and wording come from here.
 */
export function findJsonSyntaxError(text: string): { offset: number; reason: string } | undefined {
  const length = text.length;
  const stack: number[] = [];
  let index = 0;
  let state: 'value' | 'key' | 'after' = 'value';
  let comma = -1;

  const skipSpace = (): void => {
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code !== 32 && code !== 9 && code !== 10 && code !== 13) break;
      index++;
    }
  };

  for (;;) {
    skipSpace();
    if (state === 'after') {
      if (stack.length === 0) {
        return index < length ? { offset: index, reason: 'unexpected content after the document' } : undefined;
      }
      const inObject = stack[stack.length - 1] === OPEN_BRACE;
      const code = text.charCodeAt(index);
      if (code === 44 /* , */) {
        comma = index++;
        state = inObject ? 'key' : 'value';
      } else if (code === (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        stack.pop();
        index++;
      } else if (index >= length) {
        return { offset: index, reason: 'unexpected end of input' };
      } else {
        const expected = inObject ? '"," or "}"' : '"," or "]"';
        return { offset: index, reason: `found ${describe(text, index)} where ${expected} should follow a value` };
      }
      continue;
    }
    if (index >= length) return { offset: index, reason: 'unexpected end of input' };
    const code = text.charCodeAt(index);
    if (state === 'key') {
      if (code === CLOSE_BRACE && comma >= 0) return { offset: comma, reason: 'trailing comma before "}"' };
      if (code !== QUOTE) {
        return {
          offset: index,
          reason: `found ${describe(text, index)} where a double-quoted property name should be`,
        };
      }
      const error = skipString();
      if (error) return error;
      skipSpace();
      if (text.charCodeAt(index) !== 58 /* : */) {
        return { offset: index, reason: `found ${describe(text, index)} where ":" should follow a property name` };
      }
      index++;
      state = 'value';
      comma = -1;
      continue;
    }
    // state === 'value'
    if (code === CLOSE_BRACKET && comma >= 0 && stack[stack.length - 1] === OPEN_BRACKET) {
      return { offset: comma, reason: 'trailing comma before "]"' };
    }
    comma = -1;
    if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      index++;
      skipSpace();
      if (text.charCodeAt(index) === (code === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
        index++;
        state = 'after';
      } else {
        stack.push(code);
        state = code === OPEN_BRACE ? 'key' : 'value';
      }
      continue;
    }
    if (code === QUOTE) {
      const error = skipString();
      if (error) return error;
      state = 'after';
      continue;
    }
    if (code === 45 /* - */ || (code >= 48 && code <= 57)) {
      NUMBER_LIKE.lastIndex = index;
      const match = NUMBER_LIKE.exec(text);
      const word = match ? match[0] : text[index];
      if (!STRICT_NUMBER.test(word)) return { offset: index, reason: `invalid number "${word}"` };
      index += word.length;
      state = 'after';
      continue;
    }
    WORD.lastIndex = index;
    const word = WORD.exec(text)?.[0];
    if (word === 'true' || word === 'false' || word === 'null') {
      index += word.length;
      state = 'after';
      continue;
    }
    return { offset: index, reason: `unexpected ${word ? `"${word}"` : describe(text, index)}` };
  }

  function skipString(): { offset: number; reason: string } | undefined {
    const start = index;
    index++;
    while (index < length) {
      const code = text.charCodeAt(index);
      if (code === QUOTE) {
        index++;
        return undefined;
      }
      if (code === 92 /* \ */) {
        const escaped = text[index + 1] ?? '';
        if (escaped === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
            return { offset: index, reason: 'bad "\\u" escape in a string' };
          }
          index += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escaped) || escaped === '') {
          return { offset: index, reason: `bad escape "\\${escaped}" in a string` };
        }
        index += 2;
        continue;
      }
      if (code < 32) {
        const what = code === 10 || code === 13 ? 'line break' : 'control character';
        return { offset: index, reason: `${what} inside a string` };
      }
      index++;
    }
    return { offset: start, reason: 'unterminated string' };
  }
}

const QUOTE = 34;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const NUMBER_LIKE = /[-+0-9.eE]+/y;
const STRICT_NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?$/;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;

function describe(text: string, index: number): string {
  if (index >= text.length) return 'the end of input';
  const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
  const code = char.codePointAt(0) ?? 0;
  if (code < 32 || code === 127) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return char === '"' ? "'\"'" : `"${char}"`;
}
