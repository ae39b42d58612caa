// Adds the other scheme's unit to every address an adapter returns (citizens' addresses, registry offices,
// parcels), once per upstream answer: cached answers carry it, so a cache hit pays nothing for it.
import type { AdminUnitCatalogue, UnitScheme } from '../domain/admin-units.ts';
import type { UpstreamName } from '../domain/errors.ts';
import { unitRefs } from '../domain/unit-refs.ts';
import type { Adapters } from './contract.ts';

type WithCommune = { communeCode: string };

export function withUnitRefs(adapters: Adapters, catalogue: AdminUnitCatalogue, schemeOf: Record<UpstreamName, UnitScheme>): Adapters {
  const add = (scheme: UnitScheme) => <T extends WithCommune>(unit: T): T => ({ ...unit, ...unitRefs(catalogue, scheme, unit.communeCode) });
  const population = add(schemeOf.population);
  const civil = add(schemeOf['civil-status']);
  const land = add(schemeOf.land);
  const records = <T extends { registeredAt: WithCommune }>(list: T[]) => list.map((record) => ({ ...record, registeredAt: civil(record.registeredAt) }));
  const { population: p, civilStatus: c, land: l } = adapters;
  return {
    population: Object.assign(Object.create(p) as typeof p, {
      lookupCitizen: async (...args: Parameters<typeof p.lookupCitizen>) => {
        const citizen = await p.lookupCitizen(...args);
        return { ...citizen, hometown: population(citizen.hometown), permanentAddress: population(citizen.permanentAddress), currentAddress: population(citizen.currentAddress) };
      },
    }),
    civilStatus: Object.assign(Object.create(c) as typeof c, {
      findBirths: async (...args: Parameters<typeof c.findBirths>) => records(await c.findBirths(...args)),
      findMarriages: async (...args: Parameters<typeof c.findMarriages>) => records(await c.findMarriages(...args)),
      findDeaths: async (...args: Parameters<typeof c.findDeaths>) => records(await c.findDeaths(...args)),
    }),
    land: Object.assign(Object.create(l) as typeof l, {
      findParcel: async (...args: Parameters<typeof l.findParcel>) => land(await l.findParcel(...args)),
      findParcelByCertificate: async (...args: Parameters<typeof l.findParcelByCertificate>) => land(await l.findParcelByCertificate(...args)),
    }),
  };
}
