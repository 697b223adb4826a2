import { describe, expect, it } from 'vitest';
import { Signer } from '../../src/domain/signed-token.js';
import { DownloadLinks, EXPORT_PATH, type EntriesExportTarget } from '../../src/downloads/links.js';
import { PROVIDERS, type Provider } from '../../src/sources/model.js';

const SECRET = 'unit-test-signing-secret-0123456789';
const NOW = Date.UTC(2026, 10, 20, 12);
const links = (now = NOW) =>
  new DownloadLinks(
    SECRET,
    900,
    () => 'https://tally.example',
    () => now,
  );
const attachment = {
  accountId: 'T12345678',
  settlementId: 's1',
  attachmentId: 'a1',
  fileName: 'report.pdf',
  contentType: 'application/pdf',
};
const exportOf = (provider: Provider, format: EntriesExportTarget['format'] = 'CSV'): EntriesExportTarget => ({
  provider,
  ledgerId: 'L1',
  topic: 'FUNDS',
  from: '2026-11-01',
  to: '2026-11-19',
  format,
});
const tokenOf = (url: string) => url.slice(url.indexOf(EXPORT_PATH) + EXPORT_PATH.length);

describe('signed download links', () => {
  it('an export link opens for every provider the domain lists (no second list of providers)', () => {
    for (const provider of Object.keys(PROVIDERS) as Provider[]) {
      const check = links().verifyExport(tokenOf(links().exportUrl(exportOf(provider)).url));
      expect(check).toEqual({ ok: true, target: exportOf(provider), expiresAt: NOW + 900_000 });
    }
  });

  it('an export link naming a provider Tally does not have is invalid, even when correctly signed', () => {
    const token = new Signer(SECRET).seal('export', {
      v: 1,
      p: 'PAYPAL',
      l: 'L1',
      tp: 'FUNDS',
      f: '2026-11-01',
      t: '2026-11-19',
      e: NOW / 1000 + 60,
    });
    expect(links().verifyExport(token)).toMatchObject({ ok: false, status: 403, code: 'DOWNLOAD_LINK_INVALID' });
  });

  it('an export link carries its file format; one made before formats existed opens as CSV, an unknown format is invalid', () => {
    const nordic = links().verifyExport(tokenOf(links().exportUrl(exportOf('VIPPS_MOBILEPAY', 'CSV_NORDIC')).url));
    expect(nordic).toEqual({ ok: true, target: exportOf('VIPPS_MOBILEPAY', 'CSV_NORDIC'), expiresAt: NOW + 900_000 });
    const old = new Signer(SECRET).seal('export', {
      v: 1,
      p: 'EASYPAY',
      l: 'L1',
      tp: 'FUNDS',
      f: '2026-11-01',
      t: '2026-11-19',
      e: NOW / 1000 + 60,
    });
    expect(links().verifyExport(old)).toMatchObject({ ok: true, target: { format: 'CSV' } });
    const xlsx = new Signer(SECRET).seal('export', {
      v: 1,
      p: 'EASYPAY',
      l: 'L1',
      tp: 'FUNDS',
      f: '2026-11-01',
      t: '2026-11-19',
      fm: 'XLSX',
      e: NOW / 1000 + 60,
    });
    expect(links().verifyExport(xlsx)).toMatchObject({ ok: false, status: 403, code: 'DOWNLOAD_LINK_INVALID' });
  });

  it('an attachment link round-trips, and never opens as an export link (nor the other way round)', () => {
    const { token } = links().sign(attachment);
    expect(links().verify(token)).toEqual({ ok: true, target: attachment, expiresAt: NOW + 900_000 });
    expect(links().verifyExport(token)).toMatchObject({ ok: false, code: 'DOWNLOAD_LINK_INVALID' });
    const exportToken = tokenOf(links().exportUrl(exportOf('EASYPAY')).url);
    expect(links().verify(exportToken)).toMatchObject({ ok: false, code: 'DOWNLOAD_LINK_INVALID' });
  });

  it('a link past its expiry is gone (410), for both kinds', () => {
    const { token } = links().sign(attachment);
    const exportToken = tokenOf(links().exportUrl(exportOf('VIPPS_MOBILEPAY')).url);
    const later = links(NOW + 900_000);
    expect(later.verify(token)).toMatchObject({ ok: false, status: 410, code: 'DOWNLOAD_LINK_EXPIRED' });
    expect(later.verifyExport(exportToken)).toMatchObject({ ok: false, status: 410, code: 'DOWNLOAD_LINK_EXPIRED' });
  });

  it('a signed payload missing a field is invalid, not a link with holes', () => {
    const token = new Signer(SECRET).seal('download', { v: 1, a: 'T12345678', s: 's1', t: 'a1', f: 'x.pdf', e: NOW / 1000 + 60 });
    expect(links().verify(token)).toMatchObject({ ok: false, status: 403, code: 'DOWNLOAD_LINK_INVALID' });
  });
});
