// The land adapter: SOAP 1.1 over HTTP Basic, ThuaDat mapped to a canonical Parcel, Faults classified.
import { UnauthorizedError } from '../../domain/errors.ts';
import type { Parcel, ParcelKey } from '../../domain/land.ts';
import type { LandAdapter, RequestContext } from '../contract.ts';
import { authFailed, createEmitter } from '../events.ts';
import { basicAuth, discard, joinUrl, readText, send, statusError } from '../http.ts';
import type { CallSite } from '../http.ts';
import type { CommonAdapterOptions } from '../options.ts';
import { describePayload } from '../log-safe.ts';
import { decode, malformed } from '../payload.ts';
import { classifyFault, mapParcel } from './map.ts';
import { findFault, findResult, parseXml, soapEnvelope } from './soap.ts';
import { ThuaDatWireSchema } from './wire.ts';

export interface LandAdapterOptions extends CommonAdapterOptions {
  /** HTTP Basic user for the SOAP endpoint. */
  username: string;
  password: string;
}

type Operation = 'TraCuuThuaDat' | 'TraCuuGiayChungNhan';

export function createLandAdapter(options: LandAdapterOptions): LandAdapter {
  const now = options.now ?? Date.now;
  const emit = createEmitter(options.onEvent);
  const authorization = basicAuth(options.username, options.password);
  const endpoint = joinUrl(options.baseUrl, '/dat-dai/ws');

  /** One SOAP call; returns the ThuaDat of `{operation}Response` mapped to a Parcel. */
  async function call(operation: Operation, fields: Record<string, string>, signal: AbortSignal): Promise<Parcel> {
    const site: CallSite = { upstream: 'land', operation };
    const response = await send(options.fetch, endpoint, {
      method: 'POST',
      headers: {
        authorization,
        'content-type': 'text/xml; charset=utf-8',
        SOAPAction: `"${operation}"`,
        accept: 'text/xml',
      },
      body: soapEnvelope(operation, fields),
      signal,
    }, site);
    if (response.status === 401) {
      discard(response);
      const error = new UnauthorizedError('The land system refused our username or password', { upstream: 'land', context: { operation, status: 401 } });
      emit(authFailed('land', now(), error));
      throw error;
    }
    // SOAP 1.1 answers a Fault with HTTP 500; any other status is the transport's doing.
    if (response.status !== 200 && response.status !== 500) {
      discard(response);
      throw statusError(response, site, now());
    }
    const raw = await readText(response, signal, site);
    const document = parseXml(raw);
    const fault = findFault(document);
    if (fault) throw classifyFault(fault.faultcode, fault.faultstring, operation);
    if (response.status === 500) throw statusError(response, site, now(), { payload: describePayload(raw) });
    if (document === undefined) throw malformed(site, 'a body that is not XML', raw);
    return decode(ThuaDatWireSchema, findResult(document, operation, 'ThuaDat'), raw, site, mapParcel);
  }

  const adapter = {
    upstream: 'land' as const,

    /**
     * The land system has no login to exercise and the WSDL is served without authentication, so this only
     * proves the service answers; bad credentials show up as UnauthorizedError on the first real call.
     */
    async checkCredentials(signal: AbortSignal): Promise<void> {
      await adapter.fetchWsdl(signal);
    },

    async fetchWsdl(signal: AbortSignal): Promise<void> {
      const site: CallSite = { upstream: 'land', operation: 'wsdl' };
      const response = await send(options.fetch, `${endpoint}?wsdl`, { method: 'GET', headers: { accept: 'text/xml' }, signal }, site);
      if (response.status !== 200) {
        discard(response);
        throw statusError(response, site, now());
      }
      const raw = await readText(response, signal, site);
      if (parseXml(raw) === undefined) throw malformed(site, 'a WSDL that is not XML', raw);
    },

    findParcel(key: ParcelKey, request: RequestContext): Promise<Parcel> {
      return call('TraCuuThuaDat', { maXa: key.communeCode, soTo: key.mapSheet, soThua: key.parcelNumber }, request.signal);
    },

    findParcelByCertificate(serial: string, request: RequestContext): Promise<Parcel> {
      return call('TraCuuGiayChungNhan', { soPhatHanh: serial }, request.signal);
    },
  } satisfies LandAdapter;
  return adapter;
}
