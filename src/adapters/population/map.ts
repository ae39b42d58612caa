// Pure mapping of population payloads to canonical objects, and of result codes to the error family.
import type { Citizen, IdentityCheck } from '../../domain/citizen.ts';
import { fromVietnameseDate } from '../../domain/dates.ts';
import { InvalidInputError, NotFoundError, NotProvisionedError, TransientError } from '../../domain/errors.ts';
import type { GatewayError } from '../../domain/errors.ts';
import { fingerprint, upstreamCode } from '../log-safe.ts';
import type { CitizenWire, IdentityCheckWire } from './wire.ts';

const SEX = { '1': 'male', '2': 'female' } as const;
const STATUS = { CON_SONG: 'alive', DA_CHET: 'deceased', MAT_TICH: 'missing' } as const;

type AddressWire = CitizenWire['queQuan'];

function address(wire: AddressWire): Citizen['hometown'] {
  return { provinceCode: wire.maTinh, communeCode: wire.maXa, detail: wire.chiTiet };
}

/** `dd/MM/yyyy` | `MM/yyyy` | `yyyy` → ISO partial date. The wire schema has already checked the form. */
function isoDate(text: string): string {
  const iso = fromVietnameseDate(text);
  if (iso === undefined) throw new Error('ngaySinh is not dd/MM/yyyy, MM/yyyy or yyyy');
  return iso;
}

/** duLieu of `tra-cuu` → canonical Citizen. `religion` is kept; the gateway strips it per client scope. */
export function mapCitizen(wire: CitizenWire): Citizen {
  return {
    personalId: wire.soDinhDanh,
    legacyIdNumber: wire.soCMND || null,
    fullName: wire.hoVaTen,
    dateOfBirth: isoDate(wire.ngaySinh),
    sex: SEX[wire.gioiTinh],
    ethnicity: wire.danToc,
    ...(wire.tonGiao != null ? { religion: wire.tonGiao } : {}),
    nationality: wire.quocTich,
    hometown: address(wire.queQuan),
    permanentAddress: address(wire.thuongTru),
    currentAddress: address(wire.noiOHienTai),
    householdHead: wire.chuHo ? { personalId: wire.chuHo.soDinhDanh || null, fullName: wire.chuHo.hoVaTen } : null,
    relationshipToHead: wire.quanHeVoiChuHo || null,
    status: STATUS[wire.trangThai],
  };
}

/** duLieu of `xac-thuc` → IdentityCheck; a field the upstream does not detail agrees with the overall result. */
export function mapIdentityCheck(wire: IdentityCheckWire): IdentityCheck {
  return {
    match: wire.ketQua,
    fields: {
      fullName: wire.chiTiet?.hoVaTen ?? wire.ketQua,
      dateOfBirth: wire.chiTiet?.ngaySinh ?? wire.ketQua,
    },
  };
}

/** maKetQua → the error it stands for, or undefined for `00`. 98, 99 and unknown codes are transient. */
export function classifyResult(maKetQua: string, moTa: string | null | undefined, operation: string): GatewayError | undefined {
  // Success is every answer's case: no error context (its redaction scans the text) is built for it.
  if (maKetQua === '00') return undefined;
  // The code and a fingerprint of moTa, never moTa itself: upstreams write citizens' details into it.
  const code = upstreamCode(maKetQua);
  const options = { upstream: 'population' as const, context: { operation, maKetQua: code, moTa: moTa ? fingerprint(moTa) : undefined } };
  switch (maKetQua) {
    case '04':
      return new NotFoundError('The population system has no such citizen', options);
    case '05':
      return new InvalidInputError('The population system refused the input as invalid', options);
    case '06':
      return new NotProvisionedError('This commune is not permitted to use this population service', options);
    case '98':
      return new TransientError('The population system is busy', { ...options, notPerformed: true });
    default:
      return new TransientError(`The population system reported an error (maKetQua ${code})`, options);
  }
}
