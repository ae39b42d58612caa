// Land scope: which communes' parcels a client key may read and verify (its own communes unless configured wider).
// Keys are bound to 2025 communes; a legacy commune code is in scope when a commune of the scope took it over.
import type { AdminUnitCatalogue } from '../domain/admin-units.ts';
import { HttpProblem } from './errors.ts';
import type { ApiClient } from './services.ts';

export function mayReadLandOf(client: ApiClient, communeCode: string, catalogue?: AdminUnitCatalogue): boolean {
  const scope = client.landCommunes ?? client.communes;
  if (scope === 'all' || scope.includes(communeCode)) return true;
  return catalogue?.legacy(communeCode)?.successors.some((unit) => scope.includes(unit.communeCode)) ?? false;
}

/** Throws the 403 problem when the parcel's commune lies outside the client's land scope. */
export function assertLandScope(client: ApiClient, communeCode: string, catalogue?: AdminUnitCatalogue): void {
  if (!mayReadLandOf(client, communeCode, catalogue)) throw new HttpProblem('land-out-of-scope', undefined, { communeCode });
}
