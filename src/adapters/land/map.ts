// Pure mapping of the land system's ThuaDat to a canonical Parcel, and of SOAP fault codes to the error family.
import { InvalidInputError, NotFoundError, NotProvisionedError, TransientError } from '../../domain/errors.ts';
import type { GatewayError } from '../../domain/errors.ts';
import type { Parcel } from '../../domain/land.ts';
import { fingerprint, upstreamCode } from '../log-safe.ts';
import type { ThuaDatWire } from './wire.ts';

const flag = (text: 'true' | 'false' | '1' | '0'): boolean => text === 'true' || text === '1';

export function mapParcel(wire: ThuaDatWire): Parcel {
  const certificate = wire.GiayChungNhan || null;
  return {
    communeCode: wire.MaXa,
    mapSheet: wire.SoTo,
    parcelNumber: wire.SoThua,
    areaM2: Number(wire.DienTich),
    landUse: wire.MucDichSuDung,
    address: wire.DiaChi ?? '',
    holders: (wire.ChuSuDung ?? []).map((holder) => ({ personalId: holder.SoDinhDanh || null, fullName: holder.HoTen })),
    certificate: certificate && { serial: certificate.SoPhatHanh, registryNumber: certificate.SoVaoSo, issuedOn: certificate.NgayCap },
    mortgaged: flag(wire.TinhTrangTheChap),
    disputed: flag(wire.TranhChap),
  };
}

/**
 * faultcode → error, matched on the part after the namespace prefix (`soap:`, `SOAP-ENV:`, none):
 * Client.KhongTimThay not found, Client.DuLieuKhongHopLe invalid input, Client.ChuaPhanQuyen not provisioned
 * (final, not an outage); Server.* and anything else transient.
 */
export function classifyFault(faultcode: string, faultstring: string, operation: string): GatewayError {
  const code = faultcode.slice(faultcode.indexOf(':') + 1).trim();
  // The code and a fingerprint of faultstring, never faultstring itself: upstreams write citizens' details into it.
  const options = { upstream: 'land' as const, context: { operation, faultcode: upstreamCode(code), faultstring: fingerprint(faultstring) } };
  switch (code) {
    case 'Client.KhongTimThay':
      return new NotFoundError('The land system has no such parcel or certificate', options);
    case 'Client.DuLieuKhongHopLe':
      return new InvalidInputError('The land system refused the input as invalid', options);
    case 'Client.ChuaPhanQuyen':
      return new NotProvisionedError('This commune is not yet provisioned on the land system', options);
    default:
      return new TransientError(`The land system reported a fault (${options.context.faultcode})`, options);
  }
}
