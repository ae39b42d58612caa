// What an address or a unit code says in the other scheme: added beside what the upstream said, never replacing it.
import { z } from 'zod';
import type { AdminUnitCatalogue, UnitScheme } from './admin-units.ts';

export const Unit2025RefSchema = z.object({ provinceCode: z.string(), communeCode: z.string(), name: z.string() })
  .meta({ id: 'Unit2025Ref', description: 'The commune/ward of the 2025 scheme' });
export const LegacyUnitRefSchema = z.object({ provinceCode: z.string(), districtCode: z.string(), communeCode: z.string(), name: z.string() })
  .meta({ id: 'LegacyUnitRef', description: 'The commune of the pre-2025 scheme the upstream named' });

/** Added to every canonical address, registry office and parcel whose unit code the catalogue knows. */
export const UnitRefFields = {
  unit2025: Unit2025RefSchema.optional().meta({ description: 'The 2025 unit; absent when the code is unknown or the legacy unit was divided' }),
  unit2025Candidates: z.array(Unit2025RefSchema).optional().meta({ description: 'A legacy unit divided between several 2025 units: each of them, in the catalogue\'s order, instead of a guess' }),
  legacy: LegacyUnitRefSchema.optional().meta({ description: 'The legacy unit, when the upstream speaks the legacy scheme' }),
};

export interface UnitRefs {
  unit2025?: z.infer<typeof Unit2025RefSchema>;
  unit2025Candidates?: z.infer<typeof Unit2025RefSchema>[];
  legacy?: z.infer<typeof LegacyUnitRefSchema>;
}

/** The references a commune code of `scheme` has; `{}` when the catalogue does not know it. */
export function unitRefs(catalogue: AdminUnitCatalogue, scheme: UnitScheme, communeCode: string): UnitRefs {
  if (scheme === '2025') {
    const unit = catalogue.unit2025(communeCode);
    return unit ? { unit2025: { provinceCode: unit.provinceCode, communeCode, name: unit.name } } : {};
  }
  const unit = catalogue.legacy(communeCode);
  if (!unit) return {};
  const legacy = { provinceCode: unit.provinceCode, districtCode: unit.districtCode, communeCode, name: unit.name };
  const successors = unit.successors.map((s) => ({ provinceCode: s.provinceCode, communeCode: s.communeCode, name: s.name }));
  return successors.length === 1 ? { unit2025: successors[0]!, legacy } : { unit2025Candidates: successors, legacy };
}
