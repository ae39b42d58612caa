// The administrative-unit catalogue on Workers: no disk to read, so the bundle carries the two CSV files as text
// (wrangler.toml [[rules]] "Text"). On Node, admin-units.ts reads the files `adminUnits.*File` name; on Workers
// those keys are ignored.
import legacyCsv from '../../reference/admin-units-2025/legacy-to-2025.csv';
import units2025Csv from '../../reference/admin-units-2025/units-2025.csv';
import { parseAdminUnits, type AdminUnitCatalogue } from '../domain/admin-units.ts';

/**
 * The bundled catalogue (reference/admin-units-2025/), parsed on its first use rather than when the isolate
 * builds the gateway: parsing takes about 150 ms, which a cold start answering /health/live need not pay.
 */
export function bundledAdminUnits(): AdminUnitCatalogue {
  let parsed: AdminUnitCatalogue | undefined;
  const catalogue = () => (parsed ??= parseAdminUnits(units2025Csv, legacyCsv, { units2025: 'bundled units-2025.csv', legacy: 'bundled legacy-to-2025.csv' }));
  return {
    unit2025: (communeCode) => catalogue().unit2025(communeCode),
    legacy: (communeCode) => catalogue().legacy(communeCode),
    absorbedBy: (communeCode2025) => catalogue().absorbedBy(communeCode2025),
    search: (query, options) => catalogue().search(query, options),
    get counts() {
      return catalogue().counts;
    },
  };
}
