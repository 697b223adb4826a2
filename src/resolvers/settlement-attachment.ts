import type { SettlementAttachment } from '../sources/dintero/model.js';
import { builder } from './builder.js';

export const SettlementAttachmentRef = builder.objectRef<SettlementAttachment>('SettlementAttachment').implement({
  description: 'A settlement report file from the provider or Dintero (PDF, XML, CSV), downloadable through Tally.',
  fields: (t) => ({
    attachmentId: t.exposeString('id', { description: "Dintero's attachment id." }),
    fileName: t.exposeString('fileName', {
      description: "The file name, from the attachment's storage key (e.g. `payex-1234567890.xml`); what a download is saved as.",
    }),
    contentType: t.exposeString('contentType', { description: 'The MIME type, e.g. `application/pdf`, `application/xml`, `text/csv`.' }),
    extension: t.exposeString('extension', { nullable: true, description: 'The file format: `pdf`, `xml` or `csv`.' }),
    createdBy: t.exposeString('createdBy', {
      nullable: true,
      description: 'Who produced the file: `dintero`, or the payment provider (e.g. `payex`).',
    }),
    downloadUrl: t.string({
      description:
        'A link to the file on this gateway, signed and expiring (see `downloadUrlExpiresAt`): open it in a browser without any API key, it streams the file with its type and file name. It stops working when it expires or if any character is changed; ask for the field again for a fresh link.',
      resolve: (a, _args, ctx) => ctx.downloads.url(target(a)).url,
    }),
    downloadUrlExpiresAt: t.field({
      type: 'DateTime',
      description: 'When `downloadUrl` stops working (it lives `TALLY_DOWNLOAD_LINK_TTL_SECONDS`, 15 minutes by default).',
      resolve: (a, _args, ctx) => new Date(ctx.downloads.url(target(a)).expiresAt).toISOString(),
    }),
  }),
});

function target(a: SettlementAttachment) {
  return { accountId: a.accountId, settlementId: a.settlementId, attachmentId: a.id, fileName: a.fileName, contentType: a.contentType };
}
