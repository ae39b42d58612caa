// The simulators' sample identifiers (GET /__sim/sample), as UPSTREAMS.md promises them.
export interface ParcelRef { communeCode: string; mapSheet: string; parcelNumber: string }

export interface Sample {
  citizens: string[];
  citizenDetails: Array<{ personalId: string; fullName: string; dateOfBirth: string }>;
  deceased: string;
  partialBirthDate: string;
  missing: string;
  unknownPersonalId: string;
  married: string;
  divorced: string;
  parcels: ParcelRef[];
  certificates: string[];
  mortgagedParcel: ParcelRef;
  unprovisionedCommune: string;
  unprovisionedParcel: ParcelRef;
  communes: string[];
}

export async function fetchSample(simulatorUrl: string): Promise<Sample> {
  const response = await fetch(`${simulatorUrl}/__sim/sample`);
  return (await response.json()) as Sample;
}
