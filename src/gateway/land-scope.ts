// Land scope: which communes' parcels a client key may read and verify (its own communes unless configured wider).
// Keys are bound to 2025 communes; a legacy commune code is in scope when a commune of the scope took it over.
import type { AdminUnitCatalogue, UnitScheme } from '../domain/admin-units.ts';
import { translateCommune } from '../domain/unit-translation.ts';
import { HttpProblem } from './errors.ts';
import type { ApiClient, Services } from './services.ts';

export function mayReadLandOf(client: ApiClient, communeCode: string, catalogue?: AdminUnitCatalogue): boolean {
  const scope = client.landCommunes ?? client.communes;
  if (scope === 'all' || scope.includes(communeCode)) return true;
  return catalogue?.legacy(communeCode)?.successors.some((unit) => scope.includes(unit.communeCode)) ?? false;
}

/** Throws the 403 problem when the parcel's commune lies outside the client's land scope. */
export function assertLandScope(client: ApiClient, communeCode: string, catalogue?: AdminUnitCatalogue): void {
  if (!mayReadLandOf(client, communeCode, catalogue)) throw new HttpProblem('land-out-of-scope', undefined, { communeCode });
}

/** A commune's codes in the other unit scheme: the legacy units a 2025 commune absorbed, or a legacy unit's successors. */
export function communeAliases(services: Pick<Services, 'adminUnits'>, communeCode: string, scheme: UnitScheme): string[] {
  const catalogue = services.adminUnits;
  if (!catalogue) return [];
  return translateCommune(catalogue, communeCode, scheme, scheme === '2025' ? 'legacy' : '2025').filter((code) => code !== communeCode);
}
