// Test fixture: one canonical citizen record, for app and runtime tests that stand in for the population adapter.
import type { Citizen } from '../domain/citizen.ts';

export const TEST_CITIZEN: Citizen = {
  personalId: '051190000123', legacyIdNumber: null, fullName: 'NGUYỄN VĂN AN', dateOfBirth: '1990-03-15', sex: 'male',
  ethnicity: 'Kinh', religion: 'Không', nationality: 'Việt Nam',
  hometown: { provinceCode: '51', communeCode: '21085', detail: 'x' },
  permanentAddress: { provinceCode: '51', communeCode: '21085', detail: 'x' },
  currentAddress: { provinceCode: '51', communeCode: '21085', detail: 'x' },
  householdHead: null, relationshipToHead: null, status: 'alive',
};
