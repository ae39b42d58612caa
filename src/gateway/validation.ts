// Turns zod issues into problem `errors` entries that name the field and the rule, in the client's language.
import type { z } from 'zod';
import type { PersonalIdRule } from '../domain/personal-id.ts';
import { HttpProblem } from './errors.ts';
import type { Language } from './language.ts';

export interface FieldError {
  /** Where: `personalId`, `x-officer-id`, `subject.dateOfBirth`… */
  field: string;
  /** Which rule failed: `required`, `format`, `province-code`, `too-long`… */
  rule: string;
  message: string;
}

const PERSONAL_ID_MESSAGES: Record<PersonalIdRule, Record<Language, string>> = {
  format: { vi: 'Số định danh cá nhân phải gồm đúng 12 chữ số', en: 'A personal ID is exactly 12 digits' },
  'province-code': { vi: 'Ba chữ số đầu không phải mã tỉnh hợp lệ', en: 'The first three digits are not a known province code' },
  'century-digit': { vi: 'Chữ số thứ tư (thế kỷ và giới tính) không hợp lệ', en: 'The fourth digit (century and sex) is not valid' },
  'birth-year': { vi: 'Năm sinh suy ra từ số định danh nằm trong tương lai', en: 'The birth year encoded in the ID is in the future' },
  'birth-date-mismatch': { vi: 'Năm sinh không khớp với số định danh cá nhân', en: 'The birth year does not match the personal ID' },
};

/** Unknown fields named in a problem; the rest are counted, so a body of a million keys gets a short answer. */
const MAX_NAMED_UNKNOWN_FIELDS = 10;
const MAX_FIELD_NAME_LENGTH = 64;

const REQUIRED = { vi: 'Trường này là bắt buộc', en: 'This field is required' };

/** The value at `path` in `input`; undefined when a step is absent (own properties only, not `constructor`). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function unknownFields(keys: readonly string[], language: Language): string {
  const named = keys.slice(0, MAX_NAMED_UNKNOWN_FIELDS)
    .map((key) => (key.length > MAX_FIELD_NAME_LENGTH ? `${key.slice(0, MAX_FIELD_NAME_LENGTH)}…` : key)).join(', ');
  const more = keys.length - MAX_NAMED_UNKNOWN_FIELDS;
  if (more <= 0) return named;
  return language === 'vi' ? `${named} (và ${more} trường khác)` : `${named} (and ${more} more)`;
}

/**
 * Rule names and messages for zod's own issue codes. `present` says whether the request had a value there: zod 4
 * reports a missing field and a wrong type alike as `invalid_type` (and keeps no input unless asked to).
 */
function describe(issue: z.core.$ZodIssue, language: Language, present: boolean): { rule: string; message: string } {
  const vi = language === 'vi';
  switch (issue.code) {
    case 'invalid_type':
      return present
        ? { rule: 'type', message: vi ? `Phải là kiểu ${issue.expected}` : `Must be of type ${issue.expected}` }
        : { rule: 'required', message: REQUIRED[language] };
    case 'invalid_union':
      // A discriminated union whose discriminator matched no option: `type` missing or not one of the known ones.
      if (issue.discriminator === undefined || !('options' in issue) || !issue.options) return { rule: issue.code, message: issue.message };
      return present
        ? { rule: 'allowed-values', message: `${vi ? 'Chỉ nhận' : 'Must be one of'}: ${issue.options.map(String).join(', ')}` }
        : { rule: 'required', message: REQUIRED[language] };
    case 'too_small':
      return { rule: 'too-short', message: vi ? `Tối thiểu ${String(issue.minimum)}` : `At least ${String(issue.minimum)}` };
    case 'too_big':
      return { rule: 'too-long', message: vi ? `Tối đa ${String(issue.maximum)}` : `At most ${String(issue.maximum)}` };
    case 'invalid_format':
      return { rule: 'format', message: vi ? 'Không đúng định dạng' : 'Wrong format' };
    case 'invalid_value':
      return {
        rule: 'allowed-values',
        message: `${vi ? 'Chỉ nhận' : 'Must be one of'}: ${issue.values.map(String).join(', ')}`,
      };
    case 'unrecognized_keys':
      return { rule: 'unknown-field', message: `${vi ? 'Trường không được hỗ trợ' : 'Unsupported field'}: ${unknownFields(issue.keys, language)}` };
    case 'custom': {
      const rule = (issue.params?.['rule'] ?? 'custom') as string;
      const known = PERSONAL_ID_MESSAGES[rule as PersonalIdRule];
      return { rule, message: known ? known[language] : issue.message };
    }
    default:
      return { rule: issue.code, message: issue.message };
  }
}

/**
 * The 400 problem for failed checks, thrown so that the error handler answers it like any other problem. `input` is
 * the value that was checked: it tells a missing field from one of the wrong type.
 */
export function validationFailure(issues: readonly z.core.$ZodIssue[], language: Language, input?: unknown): HttpProblem {
  const errors: FieldError[] = issues.map((issue) => {
    const present = issue.input !== undefined || valueAt(input, issue.path) !== undefined;
    return { field: issue.path.map(String).join('.') || '(body)', ...describe(issue, language, present) };
  });
  const detail = errors.map((error) => `${error.field}: ${error.message}`).join('; ');
  return new HttpProblem('validation', detail, { errors });
}

/** Synchronous check of one request part; a failure becomes the 400 problem naming each field and rule. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, language: Language): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailure(result.error.issues, language, value);
  return result.data;
}
