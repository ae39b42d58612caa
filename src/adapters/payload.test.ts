import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { TransientError } from '../domain/errors.ts';
import { decode, parseJson, parseWire, redactSnippet } from './payload.ts';

const site = { upstream: 'population', operation: 'tra-cuu' } as const;

describe('payload snippets and parsing', () => {
  it('redacts 12-digit and 9-digit numbers but keeps codes and short numbers', () => {
    expect(redactSnippet('{"soDinhDanh":"051190000123","soCMND":"212345678","maXa":"21085","maKetQua":"00"}')).toBe(
      '{"soDinhDanh":"***","soCMND":"***","maXa":"21085","maKetQua":"00"}',
    );
  });

  it('redacts the values of name-ish keys in JSON and XML, with any prefix or case', () => {
    expect(redactSnippet('{"hoVaTen":"NGUYỄN VĂN AN","chuHo":{"hoVaTen" : "A \\"B\\" C"},"danToc":"Kinh"}')).toBe(
      '{"hoVaTen":"***","chuHo":{"hoVaTen" : "***"},"danToc":"Kinh"}',
    );
    expect(redactSnippet('<ChuSuDung><HoTen>TRẦN THỊ BÍCH</HoTen><ns:hoten>X</ns:hoten></ChuSuDung>')).toBe(
      '<ChuSuDung><HoTen>***</HoTen><ns:hoten>***</ns:hoten></ChuSuDung>',
    );
  });

  it('redacts a name cut off by a truncated body', () => {
    expect(redactSnippet('{"maKetQua":"00","duLieu":{"hoVaTen":"NGUY')).toBe('{"maKetQua":"00","duLieu":{"hoVaTen":"***');
  });

  it('redacts tokens and passwords', () => {
    expect(redactSnippet('{"access_token":"eyJabc","matKhau":"x","phien":"s-1"}')).toBe('{"access_token":"***","matKhau":"***","phien":"***"}');
  });

  it('keeps snippets to 200 characters on one line', () => {
    const snippet = redactSnippet(`<html>\n  <body>${'x'.repeat(5000)}</body></html>`);
    expect(snippet.length).toBe(200);
    expect(snippet).toMatch(/^<html> <body>x+…$/);
  });

  it('classifies a body that is not JSON as transient with its snippet', () => {
    let error: unknown;
    try {
      parseJson('<html>Bad Gateway</html>', site);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ upstream: 'population', context: { operation: 'tra-cuu', snippet: '<html>Bad Gateway</html>' } });
  });

  it('names the failing paths of a schema mismatch, never the values', () => {
    const schema = z.object({ a: z.object({ b: z.number() }) });
    expect(() => parseWire(schema, { a: { b: 'secret' } }, '{}', site)).toThrow(
      expect.objectContaining({ context: expect.objectContaining({ issues: ['a.b: Invalid input: expected number, received string'] }) }),
    );
  });

  it('classifies a mapping failure as a malformed payload instead of crashing', () => {
    const fails = (): never => {
      throw new Error('boom');
    };
    expect(() => decode(z.string(), 'x', '"x"', site, fails)).toThrow(TransientError);
  });
});
