// Reads the administrative-unit catalogue's two files once per process (tests start many gateways).
import { readFileSync } from 'node:fs';
import type { AdminUnitsConfig } from '../config/admin-units.ts';
import { parseAdminUnits, type AdminUnitCatalogue } from '../domain/admin-units.ts';

const loaded = new Map<string, AdminUnitCatalogue>();

export function loadAdminUnits(settings: AdminUnitsConfig): AdminUnitCatalogue {
  const key = `${settings.units2025File}\n${settings.legacyMappingFile}`;
  let catalogue = loaded.get(key);
  if (!catalogue) {
    catalogue = parseAdminUnits(readFileSync(settings.units2025File, 'utf8'), readFileSync(settings.legacyMappingFile, 'utf8'), {
      units2025: settings.units2025File,
      legacy: settings.legacyMappingFile,
    });
    loaded.set(key, catalogue);
  }
  return catalogue;
}
