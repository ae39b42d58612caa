// The simulators' ground truth, in neutral English field names: each simulator renders it into its own wire
// format, so the three upstreams stay consistent with each other (same people, same parcels).

export type Sex = 'male' | 'female';
export type LifeStatus = 'alive' | 'deceased' | 'missing';
export type MaritalState = 'CHUA_KET_HON' | 'DANG_CO_VO_CHONG' | 'DA_LY_HON' | 'GOA';
export type LandUse = 'ONT' | 'ODT' | 'LUC' | 'CLN' | 'BHK' | 'NTS';

/** A birth date that may be only partly known (month and day missing for some elderly people). */
export interface PartialDate {
  year: number;
  month?: number;
  day?: number;
}

/** A place in the administrative-unit list plus its free-text detail. */
export interface Place {
  provinceCode: string;
  communeCode: string;
  detail: string;
}

export interface Commune {
  code: string;
  /** e.g. "Xã Sơn Thủy" */
  name: string;
  provinceCode: string;
  /** e.g. "Tỉnh Quảng Ngãi" */
  provinceName: string;
  /** False for the commune the land system does not serve yet (its lookups fault with ChuaPhanQuyen). */
  landProvisioned: boolean;
  villages: readonly string[];
}

export interface Citizen {
  personalId: string;
  /** 9-digit old identity card (CMND), for some adults only. */
  oldIdNumber: string | null;
  /** Upper case with diacritics, as the population database stores it: "NGUYỄN VĂN AN". */
  fullName: string;
  sex: Sex;
  birthDate: PartialDate;
  ethnicity: string;
  religion: string;
  nationality: string;
  hometown: Place;
  permanentAddress: Place;
  currentAddress: Place;
  householdHeadId: string | null;
  relationToHead: string | null;
  status: LifeStatus;
  fatherId: string | null;
  motherId: string | null;
  /** True for people born outside the province: they have no birth record in this registry. */
  bornElsewhere: boolean;
}

/** Who registered an event, when and in which book. Dates are ISO `yyyy-MM-dd`. */
export interface Registration {
  number: string;
  book: string;
  date: string;
  communeCode: string;
}

export interface BirthRecord extends Registration {
  personalId: string;
  placeOfBirth: string;
  fatherId: string | null;
  motherId: string | null;
}

export interface MarriageRecord extends Registration {
  husbandId: string;
  wifeId: string;
  divorced: boolean;
}

export interface DeathRecord extends Registration {
  personalId: string;
  dateOfDeath: string;
  placeOfDeath: string;
}

export interface MaritalStatus {
  state: MaritalState;
  /** Free text the registry gives as the basis of its confirmation. */
  basis: string;
}

export interface Certificate {
  /** "DA 123456": two upper-case letters, a space, six digits. */
  serial: string;
  /** Registry book entry, "CS01234". */
  registryNumber: string;
  issuedOn: string;
}

export interface Parcel {
  communeCode: string;
  mapSheet: string;
  parcelNumber: string;
  /** Square metres as a decimal string with a dot: "250.5". */
  areaM2: string;
  landUse: LandUse;
  address: string;
  ownerIds: readonly string[];
  certificate: Certificate | null;
  mortgaged: boolean;
  disputed: boolean;
}

/** A couple as the household generator sees it; civil records turn it into a marriage record. */
export interface Couple {
  husbandId: string;
  wifeId: string;
  year: number;
  communeCode: string;
  divorced: boolean;
}
