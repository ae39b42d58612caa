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

/** Rule names and messages for zod's own issue codes. */
function describe(issue: z.core.$ZodIssue, language: Language): { rule: string; message: string } {
  const vi = language === 'vi';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? { rule: 'required', message: vi ? 'Trường này là bắt buộc' : 'This field is required' }
        : { rule: 'type', message: vi ? `Phải là kiểu ${issue.expected}` : `Must be of type ${issue.expected}` };
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
      return { rule: 'unknown-field', message: `${vi ? 'Trường không được hỗ trợ' : 'Unsupported field'}: ${issue.keys.join(', ')}` };
    case 'custom': {
      const rule = (issue.params?.['rule'] ?? 'custom') as string;
      const known = PERSONAL_ID_MESSAGES[rule as PersonalIdRule];
      return { rule, message: known ? known[language] : issue.message };
    }
    default:
      return { rule: issue.code, message: issue.message };
  }
}

/** The 400 problem for failed checks, thrown so that the error handler answers it like any other problem. */
export function validationFailure(issues: readonly z.core.$ZodIssue[], language: Language): HttpProblem {
  const errors: FieldError[] = issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', ...describe(issue, language) }));
  const detail = errors.map((error) => `${error.field}: ${error.message}`).join('; ');
  return new HttpProblem('validation', detail, { errors });
}

/** Synchronous check of one request part; a failure becomes the 400 problem naming each field and rule. */
export function checked<S extends z.ZodType>(schema: S, value: unknown, language: Language): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailure(result.error.issues, language);
  return result.data;
}
