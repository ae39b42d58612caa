// pino, with personal data redacted by path wherever a component might put it.
import { pino, type DestinationStream, type Logger as PinoLogger } from 'pino';

/** Keys that hold personal data, canonical and upstream spellings alike. */
const PERSONAL_KEYS = [
  'personalId', 'fullName', 'dateOfBirth', 'legacyIdNumber', 'officerId', 'subject', 'religion',
  'soDinhDanh', 'hoVaTen', 'ngaySinh', 'soCMND', 'maCanBo', 'tonGiao', 'HoTen', 'SoDinhDanh',
  'raw', 'body', 'authorization', 'x-officer-id', 'clientSecret', 'password', 'matKhau',
];

export const REDACT_PATHS = PERSONAL_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `*.*.*.${key}`]);

export function createLogger(level: string, destination?: DestinationStream): PinoLogger {
  const options = {
    level,
    base: { service: 'commune-gateway' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}
