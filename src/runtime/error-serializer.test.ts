import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { TransientError } from '../domain/errors.ts';
import { serializeError } from './error-serializer.ts';
import { createLogger } from './logger.ts';

const HOSTILE = 'Công dân NGUYỄN VĂN AN sinh ngày 15/03/1990, CCCD 051 190 000 123, tôn giáo Phật giáo Hòa Hảo';

function loggedLines(log: (logger: ReturnType<typeof createLogger>) => void): string {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write(chunk: Buffer, _encoding, done) { lines.push(chunk.toString('utf8')); done(); } }));
  log(logger);
  logger.flush();
  return lines.join('');
}

describe('errors in logs, by allow-list', () => {
  it('keeps the allowed context of a classified error and drops keys that are not listed or hold text', () => {
    const error = new TransientError('The population system reported an error (maKetQua 99)', {
      upstream: 'population',
      context: {
        operation: 'tra-cuu', maKetQua: '99', moTa: HOSTILE, snippet: HOSTILE, thongBao: { chars: 12, fnv1a: '0badf00d' },
        payload: { chars: 10, fnv1a: '00000001', shape: '{a:string}' }, status: 'HT 051190000123',
      },
    });
    expect(serializeError(error)).toEqual({
      type: 'TransientError', code: 'transient', upstream: 'population', message: 'The population system reported an error (maKetQua 99)',
      retryAfterSeconds: undefined, cause: undefined,
      context: {
        operation: 'tra-cuu', maKetQua: '99', thongBao: { chars: 12, fnv1a: '0badf00d' }, payload: { chars: 10, fnv1a: '00000001', shape: '{a:string}' },
        dropped: ['moTa', 'snippet', 'status'],
      },
    });
  });

  it('reduces causes to their type and code, since a parser quotes what it failed on', () => {
    let cause: unknown;
    try {
      JSON.parse(HOSTILE);
    } catch (error) {
      cause = error;
    }
    const error = new TransientError('population sent a body that is not JSON (tra-cuu)', { upstream: 'population', cause, context: {} });
    expect(JSON.stringify(serializeError(error))).not.toMatch(/NGUY|Công/);
    expect(serializeError(error)).toMatchObject({ cause: { type: 'SyntaxError' } });
  });

  it('masks personal numbers and dates in the message of any error', () => {
    expect(serializeError(new Error(`no record for 051190000123 born 15/03/1990`))).toMatchObject({ type: 'Error', message: 'no record for 051*******23 born **/**/****' });
  });

  it('applies to what the HTTP edge logs, so no upstream text in a context reaches a log line', () => {
    const output = loggedLines((logger) => {
      logger.warn({ err: { code: 'transient', upstream: 'land', message: 'fault', context: { operation: 'TraCuuThuaDat', faultstring: HOSTILE } } }, 'upstream call failed');
      logger.error({ err: new TransientError('land sent a body that is not XML', { context: { snippet: HOSTILE }, cause: new Error(HOSTILE) }) }, 'unhandled error');
    });
    expect(output).toContain('TraCuuThuaDat');
    for (const planted of ['NGUYỄN VĂN AN', '15/03/1990', '051 190 000 123']) expect(output).not.toContain(planted);
  });
});
