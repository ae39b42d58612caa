// Translating a commune code between the unit schemes for an upstream that speaks the other one.
import type { AdminUnitCatalogue, UnitScheme } from './admin-units.ts';

/**
 * The codes `communeCode` (of scheme `from`) may be known by under scheme `to`, to be tried in this order:
 * a 2025 unit → the legacy units it absorbed; a legacy unit → the 2025 unit(s) that took it over. Empty when the
 * catalogue does not know the code; the code itself when the schemes are the same.
 */
export function translateCommune(catalogue: AdminUnitCatalogue, communeCode: string, from: UnitScheme, to: UnitScheme): string[] {
  if (from === to) return [communeCode];
  if (from === '2025') return catalogue.absorbedBy(communeCode).map((unit) => unit.communeCode).filter((code) => code !== '');
  return catalogue.legacy(communeCode)?.successors.map((unit) => unit.communeCode) ?? [];
}
