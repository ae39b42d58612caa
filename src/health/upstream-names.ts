// Each upstream's display name, Vietnamese and English: one list for the status page, the CSV and alert messages.
import type { UpstreamName } from './types.ts';

export const UPSTREAM_NAMES: Record<UpstreamName, Record<'vi' | 'en', string>> = {
  population: { vi: 'CSDL quốc gia về dân cư', en: 'National population database' },
  'civil-status': { vi: 'Hệ thống hộ tịch điện tử', en: 'Civil-status registry' },
  land: { vi: 'Hệ thống thông tin đất đai', en: 'Land information system' },
};
