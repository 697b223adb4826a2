import type { SandboxResponse } from '../core/router.js';
import { hmac, safeEqual } from './auth.js';
import { FILE_CONTENT_TYPES, type GeneratedSettlement, type SettlementAttachment } from './settlements.js';

/**
 * Attachment downloads answer `{"url": ...}` pointing at a signed storage link, which must be fetched WITHOUT the
 * bearer token (dintero quirk 6 (docs/upstreams/dintero.md); reconstructed billing spec `settlement_attachment_download`). The link is
 * `<origin>/dintero/_files/<payload>.<signature>`; the storage side answers the way S3-style presigned URLs do: 400
 * when an Authorization header is also sent, 403 when expired or when the signature does not match, with an XML
 * error body (storage, not the Dintero API, hence not the `{"error": ...}` envelope).
 */
interface LinkPayload {
  /** account, settlement, attachment */
  a: string;
  s: string;
  t: string;
  /** expiry, epoch seconds */
  e: number;
}

export function signFileLink(key: Buffer, payload: LinkPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${hmac(key, body)}`;
}

export type LinkCheck = { ok: true; payload: LinkPayload } | { ok: false; response: SandboxResponse };

export function checkFileLink(key: Buffer, token: string, hasAuthorization: boolean, nowMs: number): LinkCheck {
  if (hasAuthorization) {
    return storageError(
      400,
      'InvalidArgument',
      'Only one auth mechanism allowed; only the signed URL or the Authorization header should be specified',
    );
  }
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined || !safeEqual(hmac(key, body), sig)) {
    return storageError(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided');
  }
  let payload: LinkPayload;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as LinkPayload;
  } catch {
    return storageError(403, 'SignatureDoesNotMatch', 'Malformed signed link');
  }
  // Valid while now < expiry: with a TTL of 0 a link is born expired, the only way to test expiry under a fixed clock.
  if (nowMs >= payload.e * 1000) return storageError(403, 'AccessDenied', 'Request has expired');
  return { ok: true, payload };
}

function storageError(status: number, code: string, message: string): { ok: false; response: SandboxResponse } {
  return {
    ok: false,
    response: {
      status,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>\n`,
    },
  };
}

/** The file's bytes, deterministic from the settlement: same seed, same bytes, on every machine. */
export function renderAttachment(g: GeneratedSettlement, attachment: SettlementAttachment): SandboxResponse {
  const fileName = attachment.key.slice(attachment.key.lastIndexOf('/') + 1);
  const body =
    attachment.extension === 'pdf' ? renderPdf(g) : attachment.extension === 'xml' ? Buffer.from(renderXml(g)) : Buffer.from(renderCsv(g));
  return {
    status: 200,
    headers: {
      'content-type': FILE_CONTENT_TYPES[attachment.extension],
      'content-disposition': `attachment; filename="${fileName}"`,
      'content-length': String(body.length),
      'cache-control': 'private, max-age=0',
    },
    body,
  };
}

const CSV_COLUMNS = [
  'transaction_id',
  'reference',
  'merchant_reference_2',
  'transaction_date',
  'type',
  'payment_product_type',
  'card_brand',
  'currency',
  'capture',
  'refund',
  'fee',
  'amount',
] as const;

/** One row per transaction line, amounts in minor units with the settlement's fee sign. */
export function renderCsv(g: GeneratedSettlement): string {
  const cell = (v: string | number) => (typeof v === 'string' && /[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : String(v));
  const rows = g.transactions.map((t) => CSV_COLUMNS.map((c) => cell(t[c])).join(','));
  return `${CSV_COLUMNS.join(',')}\r\n${rows.map((r) => `${r}\r\n`).join('')}`;
}

const xmlEscape = (v: string | number) =>
  String(v).replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] as string);

export function renderXml(g: GeneratedSettlement): string {
  const s = g.item;
  const attrs = (o: Record<string, string | number>) =>
    Object.entries(o)
      .map(([k, v]) => `${k}="${xmlEscape(v)}"`)
      .join(' ');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<SettlementReport ${attrs({ settlementId: s.id, provider: s.provider, providerReference: s.provider_reference, paymentStatus: s.payment_status })}>`,
    `  <Period ${attrs({ start: s.start_at, end: s.end_at })}/>`,
    s.settled_at ? `  <SettledAt>${s.settled_at}</SettledAt>` : '  <SettledAt/>',
    '  <Amounts>',
    ...s.amounts.map(
      (a) => `    <Amount ${attrs({ currency: a.currency, capture: a.capture, refund: a.refund, fee: a.fee, amount: a.amount })}/>`,
    ),
    '  </Amounts>',
    '  <Transactions>',
    ...g.transactions.map((t) => `    <Transaction ${attrs({ ...t })}/>`),
    '  </Transactions>',
    '</SettlementReport>',
    '',
  ];
  return lines.join('\n');
}

/** A one-page PDF 1.4 with a correct xref table, so PDF readers (and `%PDF-` sniffers) accept it. */
export function renderPdf(g: GeneratedSettlement): Buffer {
  const s = g.item;
  const text = [
    'Settlement report',
    `Settlement ${s.id}`,
    `Provider ${s.provider}, reference ${s.provider_reference}`,
    `Period ${s.start_at.slice(0, 10)} to ${s.end_at.slice(0, 10)}`,
    `Status ${s.payment_status}${s.settled_at ? `, settled ${s.settled_at.slice(0, 10)}` : ''}`,
    ...s.amounts.map((a) => `${a.currency}: capture ${a.capture}, refund ${a.refund}, fee ${a.fee}, paid out ${a.amount} (minor units)`),
    '',
    ...g.transactions.slice(0, 40).map((t) => `${t.transaction_date.slice(0, 10)} ${t.type} ${t.reference} ${t.currency} ${t.amount}`),
  ];
  const esc = (line: string) => line.replace(/[\\()]/g, (m) => `\\${m}`).replace(/[^\x20-\x7e]/g, '?');
  const stream = ['BT', '/F1 10 Tf', '13 TL', '50 800 Td', ...text.map((l) => `(${esc(l)}) Tj T*`), 'ET'].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
